#!/usr/bin/env python3
"""Writes stackbench(1) from the binary's own help, so the manual and the CLI cannot drift.

    packaging/manpage.py BINARY OUT.1

It runs `BINARY --help` for the command list and `BINARY COMMAND --help` for each command, and turns
them into troff (man(7)): NAME, SYNOPSIS, DESCRIPTION, one subsection per command with its usage,
description and options, then ENVIRONMENT and FILES.
"""
import os
import re
import subprocess
import sys


def run(binary, *args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([binary, *args], capture_output=True, text=True, env=env, timeout=60)
    return out.stdout


def esc(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.M)


def main():
    binary, out = sys.argv[1], sys.argv[2]
    top = run(binary, "--help")
    commands = []
    in_list = False
    for line in top.splitlines():
        if line.startswith("Commands:"):
            in_list = True
            continue
        m = re.match(r"^  (\S+)\s+(.*)$", line)
        if in_list and m:
            commands.append((m.group(1), m.group(2)))
        elif in_list and line.strip() == "":
            if commands:
                break
    version = run(binary, "--version").strip().split()[-1] if run(binary, "--version").strip() else ""
    lines = [
        '.TH STACKBENCH 1 "" "Stackbench %s" "User Commands"' % esc(version),
        ".SH NAME",
        "stackbench \\- benchmark HTTP APIs and Python web frameworks, and explain the numbers",
        ".SH SYNOPSIS",
        ".B stackbench",
        "[\\fIPLAN.json\\fR | \\fIRESULTS_DIR\\fR]",
        ".br",
        ".B stackbench",
        ".I COMMAND",
        "[\\fIOPTIONS\\fR]",
        ".SH DESCRIPTION",
        "Without a command, \\fBstackbench\\fR opens the desktop workbench, with the plan or the results folder"
        " given. Each command below runs headless.",
        ".SH COMMANDS",
    ]
    for name, synopsis in commands:
        help_text = run(binary, name, "--help")
        lines += [".SS %s" % esc(name), esc(synopsis) + ".", ".PP", ".nf"]
        lines += [esc(l) for l in help_text.rstrip().splitlines()]
        lines += [".fi"]
    lines += [
        ".SH ENVIRONMENT",
        ".TP",
        ".B STACKBENCH_MANIFEST",
        "The stack manifest to use instead of the bundled one.",
        ".TP",
        ".B STACKBENCH_VENV",
        "The stacks' Python venv (default: \\fI$XDG_DATA_HOME/stackbench/venv\\fR for an installed Stackbench).",
        ".SH FILES",
        ".TP",
        ".I /usr/share/stackbench/resources",
        "The stacks, their manifest and the shipped plans.",
        ".SH SEE ALSO",
        "The README in /usr/share/doc/stackbench.",
    ]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
