"""Our own NIS2 duty in words: the significance test's reasons (``words``) and the reports we file with the
CSIRT ourselves (``drafts``). The test itself is ``breach.nis2``: values, no words."""
