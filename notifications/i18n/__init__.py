"""The words of every notice, pack and page in nl, fr, de and en: gettext catalogues read strictly.

``locale/<language>.po`` holds them (``catalogues`` reads them, ``jinja_words`` gives them to templates);
``python -m notifications.i18n extract | update | check`` maintains them (README, "Words and translations").
"""
