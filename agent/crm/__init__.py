"""CRM sync: qualified leads written once, complete, to the team's CRM (HubSpot, Pipedrive,
Salesforce) or to a CSV file, through an outbox (`crmsync`) that loses nothing and never
sends twice. `ports` is what an adapter does, `records` what it is given."""
