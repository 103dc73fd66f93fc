"""Support packs (DPA clause 8(1)(c)-(e)): drafts for the controller's authority, data subjects, DPIA and
prior consultation, and the notice that carries them."""
