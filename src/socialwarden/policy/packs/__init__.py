"""Policy packs: the five seed policies and a template, as YAML."""
