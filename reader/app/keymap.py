"""User key remapping: `keymap.toml` in the user's tandem config folder (or `$TANDEM_KEYMAP`).

    [keys]
    "annotate.link" = "L"          # binding id = keys (comma-separated for several)
    "view.right" = "right,l"

Binding ids are shown in the help screen's source (`Binding(..., id=...)`); Textual's `App.set_keymap` applies
them, as Posting does. Label keys are remapped in the label schema (`tandem-schema.toml`), not here.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs

from tandem.reader.errors import InputError


def keymap_path() -> Path:
    return Path(os.environ.get("TANDEM_KEYMAP") or Path(platformdirs.user_config_dir("tandem")) / "keymap.toml")


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's binding id → keys overrides ({} when there is no keymap file)."""
    path = path or keymap_path()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not a valid keymap ({exc})") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) and v.strip() for v in keys.values()):
        raise InputError(f"{path}: [keys] must map binding ids to key names, e.g. \"annotate.link\" = \"L\"")
    return {str(k): v.replace(" ", "") for k, v in keys.items()}
