"""Privacy in one place: the key (`keys`), pseudonyms made at the door (`pseudonyms`), the
organisation's own numbers kept beside the key (`own_ids`), turning pseudonyms back on the
organisation's own machine (`reidentify`), and the one suppression of small groups that
every output leaving the machine goes through (`suppress`)."""
