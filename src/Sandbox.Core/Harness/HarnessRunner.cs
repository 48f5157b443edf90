using System.Text;
using System.Text.Json;
using Sandbox.Abstractions;

namespace Sandbox.Core.Harness;

/// <summary>Turns a <see cref="HarnessRequest"/> into an execution request, and a run's <c>output.json</c> into a <see cref="HarnessResult"/>.</summary>
public static class HarnessRunner
{
    /// <summary>The harness input <paramref name="json"/> as a document: the one check it must pass, wherever it is run.</summary>
    /// <exception cref="InvalidRequestException">It is not valid JSON.</exception>
    public static JsonElement ParseInput(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException("input", $"not valid JSON: {ex.Message}");
        }
    }

    /// <summary>The execution request and the user sources (for code validators) for <paramref name="request"/>.</summary>
    /// <exception cref="InvalidRequestException">The input is not valid JSON.</exception>
    /// <exception cref="TemplateException">The template failed to render.</exception>
    public static (ExecutionRequest Request, IReadOnlyList<SourceDocument> Sources) Prepare(HarnessTemplate template, HarnessRequest request)
    {
        _ = ParseInput(request.InputJson);
        var harness = HarnessRenderer.Render(template, HarnessRenderer.Variables(template, request.MaxOutputBytes, request.Handler));
        var files = new List<SandboxFile>(harness)
        {
            SandboxFile.FromText(template.CodeFile, request.Code),
            SandboxFile.FromText(HarnessProtocol.InputFile, request.InputJson),
        };
        var execution = request.Base with
        {
            Image = request.Base.Image ?? template.DefaultImage,
            Command = template.Command,
            Files = [.. request.Base.Files, .. files],
            OutputPaths = template.Produces,
            Labels = new Dictionary<string, string>(request.Base.Labels) { ["sandbox.template"] = template.Name },
        };
        return (execution, [new SourceDocument(template.CodeFile, template.Language, request.Code)]);
    }

    /// <summary>Reads the protocol envelope out of <paramref name="execution"/>.</summary>
    public static HarnessResult Interpret(ExecutionResult execution)
    {
        if (execution.Error is not null)
            return new HarnessResult { Execution = execution, Error = new HarnessError("NotRun", execution.Error.Message, null) };

        var output = execution.OutputFiles.FirstOrDefault(f => Path.GetFileName(f.RelativePath) == HarnessProtocol.OutputFile);
        if (output is null)
        {
            var why = execution.TimedOut ? "the run timed out" : execution.OomKilled ? "the run was killed for exceeding its memory limit" : $"the harness exited with {execution.ExitCode}";
            return new HarnessResult { Execution = execution, Error = new HarnessError("NoOutput", $"no {HarnessProtocol.OutputFile} was written: {why}", null) };
        }

        try
        {
            using var document = JsonDocument.Parse(output.Content);
            var envelope = document.RootElement;
            if (envelope.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
                return new HarnessResult { Ok = true, Execution = execution, Result = envelope.TryGetProperty("result", out var r) ? r.Clone() : null };
            var error = envelope.GetProperty("error");
            return new HarnessResult
            {
                Execution = execution,
                Error = new HarnessError(
                    error.GetProperty("type").GetString() ?? "Error",
                    error.GetProperty("message").GetString() ?? "",
                    error.TryGetProperty("traceback", out var tb) && tb.ValueKind == JsonValueKind.String ? tb.GetString() : null),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            var text = Encoding.UTF8.GetString(output.Content.Span[..Math.Min(200, output.Content.Length)]);
            return new HarnessResult { Execution = execution, Error = new HarnessError("BadEnvelope", $"{HarnessProtocol.OutputFile} does not follow the protocol: {text}", null) };
        }
    }
}
