"""Filon's web UI: a Chainlit app that turns chat events into graph runs and renders what
comes back (answers, tool steps, tables, charts, buttons). No business logic lives here.

`ui.app` is the Chainlit module and is only imported inside the Chainlit process started by
`filon ui`; the other modules are plain Python (rendering helpers) and import no Chainlit.
"""
