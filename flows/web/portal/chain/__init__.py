"""The portal's pages of the processing chain (issue 21): the changes of our sub-processors told to the
customer and its objection to each (``changes``)."""
