"""Official documents (Decree 30/2020/NĐ-CP): one package for what every app's documents share.

- ``content``  the blocks of a document, the issuer's header (``Issuer``), number and date formatting;
- ``pdf``      the PDF renderer (reportlab), ``docx`` the Word renderer (python-docx): same content, same layout;
- ``register`` the issuer's yearly register: numbers are taken only when a document is issued (``document_issue``),
               never by a draft export; issued files are stored with their hash and verification code;
- ``responses`` the download response of a rendered document.

Each app only supplies its document's content (reporting/documents.py, reporting/consolidation/documents.py,
steering/plans/documents.py, inspections/documents.py).
"""
