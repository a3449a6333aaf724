"""``warden export person``: everything stored about one person (subject access / FOI), as JSON and Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.exports.service import export_person

app = typer.Typer(help="Exports for subject-access and FOI requests.", no_args_is_help=True)


@app.command()
def person(actor: AsOpt, who: Annotated[str, typer.Argument(metavar="NAME_OR_HANDLE",
                                                              help="A handle, a name or a platform author id.")],
           out_dir: Annotated[Path | None, typer.Option("--out", help="Folder (default <data dir>/exports).")] = None,
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Gather every post, comment, decision and action about a person into one JSON and one Markdown file."""
    with governed(policy) as ctx:
        files = export_person(ctx.session, policy=ctx.policy, actor=actor, query=who,
                              out_dir=out_dir or ctx.settings.data_dir / "exports")
        ctx.session.commit()
        emit({"json": str(files.json_path), "markdown": str(files.markdown_path), "counts": files.counts}, as_json,
             f"wrote {files.json_path} and {files.markdown_path}: "
             + ", ".join(f"{k} {v}" for k, v in files.counts.items()))
