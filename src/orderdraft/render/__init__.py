"""Renderers: clause text (sandboxed Jinja), DOCX (docxtpl) and PDF (LibreOffice)."""
