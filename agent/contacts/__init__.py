"""People at companies: job titles read as a function and a seniority, the roles reps ask for
("le DSI", "the CFO", "les décideurs"), and who holds them at a company or across a list."""

from agent.contacts.people import (
    CompanyPeople,
    PeopleFound,
    Person,
    find_people,
    list_sirens,
    people_at,
    person,
    pick,
    with_email,
)
from agent.contacts.roles import (
    FUNCTIONS,
    ROLE_KEYS,
    SENIORITIES,
    Role,
    TitleReading,
    read_title,
    role_of,
    roles_in,
)

__all__ = [
    "FUNCTIONS",
    "ROLE_KEYS",
    "SENIORITIES",
    "CompanyPeople",
    "PeopleFound",
    "Person",
    "Role",
    "TitleReading",
    "find_people",
    "list_sirens",
    "people_at",
    "person",
    "pick",
    "read_title",
    "role_of",
    "roles_in",
    "with_email",
]
