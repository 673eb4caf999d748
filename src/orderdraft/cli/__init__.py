"""The command line: thin click commands that each call one library function."""
