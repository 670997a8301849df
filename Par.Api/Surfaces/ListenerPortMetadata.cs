namespace Par.Api.Surfaces;

/// <summary>Endpoint metadata: the local port of the listener the endpoint belongs to.</summary>
internal sealed record ListenerPortMetadata(int Port);
