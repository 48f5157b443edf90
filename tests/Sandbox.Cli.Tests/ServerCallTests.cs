using Sandbox.Abstractions;
using Sandbox.Cli.Remote;
using Sandbox.Core.Results;

namespace Sandbox.Cli.Tests;

/// <summary>How the CLI, as a client of a server, reads the server's documents.</summary>
public sealed class ServerCallTests
{
    [Fact]
    public void Preparing_to_read_a_document_builds_the_metadata_of_every_type_it_holds()
    {
        var prepared = ServerCall.PrepareToRead(typeof(ExecJson.ExecDocument));

        // The nested documents, the collections' elements and the dictionary's values are all read with the answer.
        Assert.Contains(typeof(ResultJson.ResultDocument), prepared);
        Assert.Contains(typeof(ResultJson.StatsDocument), prepared);
        Assert.Contains(typeof(ResultJson.OutputFileDocument), prepared);
        Assert.Contains(typeof(ResultJson.ValidationDocument), prepared);
        Assert.Contains(typeof(ValidationFinding), prepared);
        Assert.Contains(typeof(NetworkReport), prepared);
        Assert.Contains(typeof(double), prepared);
    }
}
