namespace Par.Api.Surfaces.Ui;

/// <summary>The body of {BASE}/ui-config.json: where the UI page finds the agent's API.</summary>
internal sealed record UiConfig(string ApiBase);
