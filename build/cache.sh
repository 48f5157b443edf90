# The framework's cache folder for the build scripts (sourced): the same folder, by the same rule, as the runtime's
# Sandbox.Toolkit.SandboxCache.Folder — $SANDBOX_CACHE, else $XDG_CACHE_HOME/sandbox-framework, else
# ~/.cache/sandbox-framework. Image tarballs, Debian packages, private engines' images and swarm node images live
# under it beside the runtime's compiled plugins and host facts, so one variable moves all of it.
# shellcheck shell=bash
sandbox_cache=${SANDBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sandbox-framework}
