"""The single error boundary: every RdotoolError becomes a message, a hint and an exit code.

It lives in a TyperGroup subclass (not in main()) so that tests driving the app through
typer's CliRunner go through it too.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

from typer.core import TyperGroup

from rdotool.cli.boundary import reported
from rdotool.cli.compat import Abort, ClickProblem, Exit, resolve_annotations
from rdotool.registry import LazyCommand, rdopkg_trap

DEBUG_KEY = "rdotool.debug"


# The names command signatures use for typer's world, and the modules they stand for.
TYPER_WORLD = {"typer": "typer", "params": "rdotool.cli.params", "dp": "rdotool.cli.distgit_params"}


def supply_typer_world(module: Any) -> None:
    """Give a command module the typer names its signatures use.

    Commands that rdotool/quick.py may run without typer (info, patch, new-version,
    reqcheck, uc report) import typer and the option aliases only for type checking.
    Their annotations are strings (`params.TagOpt`, `typer.Context`) that typer
    evaluates in the module's globals when it builds the command: they are put there
    first."""
    for name, target in TYPER_WORLD.items():
        if name not in module.__dict__:
            module.__dict__[name] = importlib.import_module(target)


def build_command(name: str, lazy: LazyCommand) -> Any:
    """Import a command's module and let typer turn its function into a command."""
    import typer
    import typer.main

    module = importlib.import_module(lazy.module)
    supply_typer_world(module)
    target = resolve_annotations(getattr(module, lazy.function))
    if isinstance(target, typer.Typer):  # a command group (e.g. `uc`)
        group = typer.main.get_command(target)
        group.name = name
        for command in getattr(group, "commands", {}).values():
            _plain_metavars(command)
        return group
    single = typer.Typer(
        rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False
    )
    single.command(
        name,
        help=getattr(module, "HELP", None) if lazy.function == name else None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )(target)
    command = typer.main.get_command(single)
    command.name = name
    _plain_metavars(command)
    return command


def _plain_metavars(command: Any) -> None:
    """Show a required argument as `QUERY` in usage lines, as git and rdopkg do; typer
    0.26+ writes `{QUERY}`, which reads as a set of choices."""
    from typer.core import TyperArgument

    class PlainArgument(TyperArgument):
        def make_metavar(self, *args: Any, **kwargs: Any) -> str:
            shown = str(super().make_metavar(*args, **kwargs))
            if shown.startswith("{") and shown.endswith("}"):
                return shown[1:-1]
            return shown

    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument


def debug_enabled(ctx: Any) -> bool:
    """True when --debug was given (at the root or on the command) or RDOTOOL_DEBUG is set
    (read with the rest of the environment into the run context)."""
    if ctx is None:
        return False
    if ctx.meta.get(DEBUG_KEY):
        return True
    return bool(getattr(ctx.find_root().obj, "debug", False))


class RdotoolGroup(TyperGroup):
    """Root command group: lazily built subcommands, and exceptions mapped to exit codes."""

    lazy_commands: ClassVar[dict[str, LazyCommand]] = {}
    # rdopkg's spellings: the command line they stand for (see resolve_command)
    aliases: ClassVar[dict[str, tuple[str, ...]]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.lazy_commands, *(n for n in self.commands if n not in self.lazy_commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.commands[cmd_name] = build_command(cmd_name, self.lazy_commands[cmd_name])
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List commands with their registered one-line help, without building them."""
        rows = [(name, lazy.short_help) for name, lazy in self.lazy_commands.items()]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
        if self.aliases:
            with formatter.section("rdopkg spellings"):
                formatter.write_dl([(n, " ".join(a)) for n, a in self.aliases.items()])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Expand rdopkg's spellings, stop on rdopkg habits that mean something else
        here, and suggest the closest command for a typo."""
        if args and not args[0].startswith("-"):
            name = args[0]
            if name in self.aliases:
                args = [*self.aliases[name], *args[1:]]
            elif self.get_command(ctx, name) is None:
                import difflib

                known = [*self.list_commands(ctx), *self.aliases]
                close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
                hint = f" Did you mean {' or '.join(close)}?" if close else ""
                ctx.fail(f"No such command {name!r}.{hint}")
            trap = rdopkg_trap(args)
            if trap:
                ctx.fail(trap)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        from rdotool import signals

        signals.arm()  # a signal now rolls the command back (see rdotool/signals.py)
        try:
            return self._invoke_reporting(ctx)
        finally:
            signals.arm(False)

    def _invoke_reporting(self, ctx: Any) -> Any:
        """Run the command; every exception becomes its message and exit code."""
        results: list[Any] = []
        code = reported(
            lambda: results.append(super(RdotoolGroup, self).invoke(ctx)),
            lambda: debug_enabled(ctx),
            passthrough=(Exit, Abort, ClickProblem),  # typer's own exits and usage errors
        )
        if code:
            ctx.exit(code)
        return results[0] if results else None
