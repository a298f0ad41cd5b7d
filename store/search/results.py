"""What a company search returns."""

from pydantic import BaseModel, Field

from store.models import Company


class CompanyPage(BaseModel):
    """One page of matching companies and how many match in all."""

    total: int
    companies: list[Company] = Field(default_factory=list)
    relaxed: bool = Field(False, description="No company had every word: any word matched instead")
    total_is_lower_bound: bool = Field(
        False, description="Counting stopped there: at least `total` companies match"
    )
