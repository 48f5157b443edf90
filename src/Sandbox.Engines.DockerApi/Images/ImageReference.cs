using System.Net;

namespace Sandbox.Engines.DockerApi.Images;

/// <summary>
/// An image name split the way Docker does: the first path component is a registry when it has a dot or a port, or
/// is <c>localhost</c>; otherwise the image is on Docker Hub (<c>docker.io</c>, single names under <c>library/</c>).
/// </summary>
internal sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>Docker Hub's name in image references.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>Parses <paramref name="image"/>; a missing tag means <c>latest</c> (an empty tag would pull every tag).</summary>
    public static ImageReference Parse(string image)
    {
        var name = image;
        string? digest = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0) (name, digest) = (name[..at], name[(at + 1)..]);
        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/')) (name, tag) = (name[..colon], name[(colon + 1)..]);
        if (tag is null && digest is null) tag = "latest";

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (NamesRegistry(name)) return new ImageReference(name[..slash], name[(slash + 1)..], tag, digest);
        return new ImageReference(DockerHub, slash < 0 ? "library/" + name : name, tag, digest);
    }

    /// <summary>Whether <paramref name="image"/> starts with a registry (<c>host.domain/</c>, <c>host:port/</c>, <c>localhost/</c>).</summary>
    public static bool NamesRegistry(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return false;
        var first = image[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
    }

    /// <summary>The fully qualified reference, e.g. <c>docker.io/library/python:3.12-slim</c>.</summary>
    public string FullName => $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    /// <summary>Registry and repository without tag or digest.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>Whether the registry is on this host (<c>localhost</c>, 127.0.0.0/8, ::1): reached without TLS, as dockerd does by default.</summary>
    public bool IsLoopback
    {
        get
        {
            var host = Registry;
            if (host.StartsWith('[')) host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
            else if (host.LastIndexOf(':') is var c and > 0) host = host[..c];
            return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        }
    }
}
