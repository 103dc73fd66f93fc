"""The processing chain (issue 21): our sub-processors (DPA clause 6) and the breaches they report to us.

Pure: the directory file's schema and validation (``directory``), the transfer vocabulary of GDPR Chapter V
(``transfers``), and the reading of an incoming notice (``intake``); SQL lives in ``store``.
"""
