namespace Sandbox.Abstractions;

/// <summary>What a validator inspects: the request and the user code it will run.</summary>
/// <param name="Request">The request as it will be handed to the executor.</param>
/// <param name="Sources">User code in the request (not generated harness code), possibly empty.</param>
/// <param name="Executor">The name of the executor that will run it.</param>
public sealed record ValidationContext(ExecutionRequest Request, IReadOnlyList<SourceDocument> Sources, string Executor);
