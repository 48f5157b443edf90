namespace Sandbox.Server.Contracts;

/// <summary>
/// The data of a stream's <c>log</c> event: a line the run logged that the caller would see from an in-process run
/// (a warning, an error, an image pull's progress). <see cref="Level"/> is a .NET log level's name, lower case.
/// </summary>
public sealed record LogEventDocument(string Level, string Category, string Message);
