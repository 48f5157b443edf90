using Sandbox.Abstractions;

namespace Sandbox.Server.Contracts;

/// <summary>A request asks for more than its tenant may (<c>maxTimeout</c>, <c>maxMemory</c>): refused like a validator rejection (422).</summary>
public sealed class QuotaCeilingException : SandboxException
{
    /// <summary>Creates the exception for <paramref name="member"/>.</summary>
    public QuotaCeilingException(string member, string problem)
        : base($"Rejected by the tenant's quota: {member}: {problem}; ask for less or raise server.quotas in sandbox.json")
    {
        Member = member;
    }

    /// <inheritdoc />
    public override ErrorKind Kind => ErrorKind.ValidationRejected;

    /// <summary>The request member that is over the ceiling.</summary>
    public string Member { get; }
}
