"""The Open Cap Format (OCF) bridge: offers' equity grants out to an OCF package, and an OCF package's grants in.

Lives here: the shared vesting vocabulary (:mod:`.schedule`), writing (:mod:`.writing`) and reading
(:mod:`.reading`). Imports only the rooms below it: errors, _internal, model and codec.
"""

from __future__ import annotations

from .reading import OcfGrants, OcfHolder, read_ocf
from .writing import OcfIssuer, OcfPackage, ocf_package, write_ocf

__all__ = ["OcfGrants", "OcfHolder", "OcfIssuer", "OcfPackage", "ocf_package", "read_ocf", "write_ocf"]
