namespace Sandbox.Cli.Top;

/// <summary>A warm pool's sandboxes for one executor and image, by state.</summary>
internal sealed record PoolRow(string Executor, string Image, int Idle, int Busy, int Creating);
