"""Builds small SCORM 1.2 packages (and broken ones) as zip bytes for the tests."""

from __future__ import annotations

import io
import zipfile

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1"><title>{title}</title>
      <item identifier="item1" identifierref="res1"><title>{title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="{launch}">
      <file href="{launch}"/>
    </resource>
  </resources>
</manifest>
"""

# Calls the runtime the way authoring tools do: find API in a parent window, initialise, set, commit, finish.
PASSING_SCO = """<!doctype html><html><head><title>Tiny SCO</title></head><body>
<p id="state">loading</p>
<script src="sco.js"></script>
</body></html>
"""
PASSING_SCO_JS = """
var api = window.parent && window.parent.API;
api.LMSInitialize("");
api.LMSSetValue("cmi.core.lesson_location", "page-2");
api.LMSSetValue("cmi.core.score.raw", "90");
api.LMSSetValue("cmi.suspend_data", "step=2");
api.LMSSetValue("cmi.core.lesson_status", "passed");
api.LMSCommit("");
document.getElementById("state").textContent = "status set: " + api.LMSGetValue("cmi.core.lesson_status");
api.LMSFinish("");
"""


def scorm_zip(
    *,
    title: str = "Tiny package",
    launch: str = "index.html",
    version: str = "1.2",
    manifest: str | None = None,
    extra: dict[str, bytes | str] | None = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        text = manifest or MANIFEST.format(identifier="tiny", version=version, title=title, launch=launch)
        archive.writestr("imsmanifest.xml", text)
        archive.writestr("index.html", PASSING_SCO)
        archive.writestr("sco.js", PASSING_SCO_JS)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()
