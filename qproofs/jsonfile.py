"""Reading JSON documents given by the user, with one-line errors instead of tracebacks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qproofs.errors import ConfigError


def read_json_object(path: Path, *, missing: str) -> dict[str, Any]:
    """The JSON object in ``path``; :class:`ConfigError` saying ``missing`` if absent, or what is malformed."""
    if not path.is_file():
        raise ConfigError(f"{path}: {missing}")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid JSON ({exc})") from exc
    except RecursionError:
        raise ConfigError(f"{path}: JSON nested too deeply") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not isinstance(doc, dict):
        raise ConfigError(f"{path}: not a JSON object")
    return doc
