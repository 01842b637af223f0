"""Files in and out: one opener, one writer, one rule for output folders.

Every file briefgen reads goes through `opener` (inside its root, a regular file, a size
cap, never blocking), every file it writes through `writer` (atomically), and every folder it
writes in passes `folders.output_folder`. tests/test_tooling.py fails on code elsewhere that
opens or writes a file itself.
"""

from .folders import INPUT_FOLDERS, file_digest, folder_digest, output_folder, package_digest
from .opener import (
    MAX_CODE_BYTES,
    MAX_FONT_BYTES,
    MAX_OUTPUT_BYTES,
    MAX_SETTINGS_BYTES,
    MAX_STYLE_BYTES,
    MAX_TEMPLATE_BYTES,
    exists_inside,
    inside,
    kind_of,
    open_regular,
    read_inside,
    read_named,
    read_text_inside,
)
from .writer import (
    LOCK_NAME,
    TEMP_SUFFIX,
    cannot_write,
    folder_lock,
    remove,
    sweep_temporaries,
    write_atomic,
    write_new,
    write_staged,
)

__all__ = [
    "INPUT_FOLDERS",
    "LOCK_NAME",
    "MAX_CODE_BYTES",
    "MAX_FONT_BYTES",
    "MAX_OUTPUT_BYTES",
    "MAX_SETTINGS_BYTES",
    "MAX_STYLE_BYTES",
    "MAX_TEMPLATE_BYTES",
    "TEMP_SUFFIX",
    "cannot_write",
    "exists_inside",
    "file_digest",
    "folder_digest",
    "folder_lock",
    "inside",
    "kind_of",
    "open_regular",
    "output_folder",
    "package_digest",
    "read_inside",
    "read_named",
    "read_text_inside",
    "remove",
    "sweep_temporaries",
    "write_atomic",
    "write_new",
    "write_staged",
]
