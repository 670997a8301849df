namespace Par.Api.Surfaces.Rest;

/// <summary>The body of {BASE}/a2a/health and {BASE}/ui/health: one surface's self-check and the runtime's readiness.</summary>
internal sealed record SurfaceHealth(string Surface, string Status, string? Detail, bool Ready);
