"""Stage 6: what staff open, from the last build.

`site` publishes the briefs the policy allows, with an index and a feed whose links are
absolute; `serve` previews a build on loopback and rebuilds it as files change.
"""
