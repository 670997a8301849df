using Par.Api.Lifecycle.Boot;

namespace Par.Api.Lifecycle.Exit;

/// <summary>
/// A port PAR listens on, the variable that set it and the readiness check a failure to open it fails. The feature
/// that opens the listener registers it, so that <see cref="ListenerFailure"/> can name both.
/// </summary>
internal sealed record ListenerOwner(int Port, string Variable, BootCheck Check);
