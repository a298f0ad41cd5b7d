"""Company search services: the CompanySource port, its local, public-API and auto adapters."""
