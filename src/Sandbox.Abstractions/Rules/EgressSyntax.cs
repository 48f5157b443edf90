// Compiled into Sandbox.Abstractions and linked as source into Sandbox.Analyzers (netstandard2.0), like LimitSyntax:
// the one grammar of egress allow-list entries (--allow-host, "network": {"allow": [...]}) and secrets
// (--secret HOST:HEADER=ENVVAR), read by the CLI, the server, sandbox.json and the checks alike.
using System;
using System.Globalization;

namespace Sandbox.Abstractions.Rules
{
    /// <summary>
    /// Egress entries: <c>HOST[:PORT]</c> where HOST is a DNS name (<c>pypi.org</c>), a wildcard over its subdomains
    /// (<c>*.example.com</c>, which does not match <c>example.com</c> itself), an IPv4 address, or <c>*</c> (any host;
    /// flagged). Without a port, 80 and 443 are allowed. Names are compared in lower case.
    /// </summary>
#if SANDBOX_RULES_INTERNAL
    internal
#else
    public
#endif
    static class EgressSyntax
    {
        /// <summary>The ports an entry without <c>:PORT</c> allows.</summary>
        public static readonly int[] DefaultPorts = { 80, 443 };

        /// <summary>Parses an allow-list entry into its lower-case host (or pattern) and optional port.</summary>
        public static bool TryParseHost(string? text, out string host, out int? port, out string error)
        {
            host = "";
            port = null;
            var trimmed = (text ?? "").Trim().ToLowerInvariant();
            if (trimmed.Length == 0) { error = "an empty host is not allowed"; return false; }
            if (trimmed.IndexOf('[') >= 0 || trimmed.Split(':').Length > 2) { error = $"'{text}': IPv6 addresses are not supported; allow a name"; return false; }
            if (trimmed.IndexOf('/') >= 0 || trimmed.IndexOf('@') >= 0) { error = $"'{text}' is not HOST[:PORT] (no scheme, path or user)"; return false; }
            var colon = trimmed.IndexOf(':');
            if (colon >= 0)
            {
                var portText = trimmed.Substring(colon + 1);
                if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p < 1 || p > 65535)
                { error = $"'{text}': '{portText}' is not a port (1-65535)"; return false; }
                port = p;
                trimmed = trimmed.Substring(0, colon);
            }

            if (trimmed == "*") { host = trimmed; error = ""; return true; }
            var name = trimmed.StartsWith("*.", StringComparison.Ordinal) ? trimmed.Substring(2) : trimmed;
            if (!IsDnsName(name)) { error = $"'{text}' is not a host name, *.domain wildcard or IPv4 address"; return false; }
            if (name.Length != trimmed.Length && IsIPv4(name)) { error = $"'{text}': a wildcard needs a domain, not an address"; return false; }
            host = trimmed;
            error = "";
            return true;
        }

        /// <summary>Parses <c>HOST:HEADER=ENVVAR</c>; HOST is an exact name (no wildcard, no port).</summary>
        public static bool TryParseSecret(string? text, out string host, out string header, out string variable, out string error)
        {
            host = header = variable = "";
            var value = (text ?? "").Trim();
            var colon = value.IndexOf(':');
            var equals = value.IndexOf('=');
            if (colon <= 0 || equals < colon + 2 || equals == value.Length - 1)
            { error = $"'{text}' is not HOST:HEADER=ENVVAR"; return false; }
            var name = value.Substring(0, colon).ToLowerInvariant();
            if (name.IndexOf('*') >= 0 || !IsDnsName(name) || IsIPv4(name)) { error = $"'{text}': HOST must be an exact host name"; return false; }
            var headerName = value.Substring(colon + 1, equals - colon - 1);
            foreach (var c in headerName)
            {
                if (!(char.IsLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0) { error = $"'{text}': '{headerName}' is not a header name"; return false; }
            }

            var env = value.Substring(equals + 1);
            foreach (var c in env)
            {
                if (!(char.IsLetterOrDigit(c) && c < 128) && c != '_') { error = $"'{text}': '{env}' is not an environment variable name"; return false; }
            }

            host = name;
            header = headerName;
            variable = env;
            error = "";
            return true;
        }

        /// <summary>Whether <paramref name="pattern"/> (as <see cref="TryParseHost"/> returns it) covers <paramref name="host"/>.</summary>
        public static bool HostMatches(string pattern, string host)
        {
            host = host.TrimEnd('.').ToLowerInvariant();
            if (pattern == "*") return true;
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
                return host.Length > pattern.Length - 1 && host.EndsWith(pattern.Substring(1), StringComparison.Ordinal);
            return string.Equals(pattern, host, StringComparison.Ordinal);
        }

        /// <summary>Whether <paramref name="text"/> is a dotted-quad IPv4 address.</summary>
        public static bool IsIPv4(string text)
        {
            var parts = text.Split('.');
            if (parts.Length != 4) return false;
            foreach (var part in parts)
            {
                if (part.Length == 0 || part.Length > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 255) return false;
            }

            return true;
        }

        private static bool IsDnsName(string name)
        {
            if (name.Length == 0 || name.Length > 253) return false;
            foreach (var label in name.Split('.'))
            {
                if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[label.Length - 1] == '-') return false;
                foreach (var c in label)
                {
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
                }
            }

            return true;
        }
    }
}
