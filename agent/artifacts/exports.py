"""What `export_csv` hands to UIs: a CSV file written in the user's Filon folder."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ExportArtifact(BaseModel):
    """A CSV file of companies (a search's matches), leads (a list) or people (the
    decision-makers of companies or of a list), ready to download."""

    kind: Literal["export"] = "export"
    what: Literal["companies", "leads", "people"]
    path: str = Field(description="Where the file was written (private to the user, 0600)")
    file_name: str
    rows: int
    truncated: bool = Field(False, description="The export stopped at the row limit")
    limit: int | None = Field(None, description="The row limit, when one applied")
