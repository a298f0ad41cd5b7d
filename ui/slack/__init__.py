"""Filon in Slack: the Events API endpoint on the web UI's server (`/slack/events`), mentions in
channels and direct messages run through the same chat graph and tools as the web UI, and the
answers sent back as Block Kit. docs/slack.md says how a team sets it up.

- `endpoint`: the request checked (Slack's signature), acknowledged at once, each event run once;
- `incoming`: which events are questions to Filon, and their text as a person typed it;
- `turns`: who asks (`agent.slack.people`), their conversation, the answer posted in the thread;
- `render`: an answer and its tables as Slack blocks.
"""
