using System.Text.Json.Nodes;
using Par.Api.Config;

namespace Par.Api.Tests.Operations;

/// <summary>docs/iam-policy.json and deploy/*: valid, least privilege, and in step with the schema's defaults.</summary>
public sealed class DeployExamplesTests
{
    /// <summary>After the drain PAR stops the agent worker: SIGTERM, then SIGKILL after 5 s.</summary>
    private const int WorkerStopSec = 5;

    [Fact]
    public void IamPolicy_GrantsOnlyGetObjectOnThePackageBucketsObjects()
    {
        var policy = RepoFiles.Json("docs/iam-policy.json");

        Assert.Equal("2012-10-17", (string?)policy["Version"]);
        var statement = Assert.Single(policy["Statement"]!.AsArray())!;
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal(["s3:GetObject"], Strings(statement["Action"]));
        Assert.Equal(["arn:aws:s3:::PACKAGE_BUCKET/*"], Strings(statement["Resource"]));
        Assert.Empty(statement.AsObject().Select(p => p.Key).Except(["Sid", "Effect", "Action", "Resource"]));
    }

    [Fact]
    public void EcsTaskDefinition_StopTimeoutCoversDelayGraceAndWorkerStop()
    {
        var container = EcsContainer();

        var drain = EcsInt(container, EnvNames.ShutdownDelaySec) + EcsInt(container, EnvNames.GracefulShutdownTimeoutSec) + WorkerStopSec;

        var stopTimeout = RepoFiles.Int(container["stopTimeout"]);
        Assert.True(stopTimeout > drain, $"stopTimeout {stopTimeout} s leaves no margin over the drain ({drain} s)");
        Assert.InRange(stopTimeout, 2, 120);
    }

    [Fact]
    public void EcsTaskDefinition_PortsAreTheSchemaDefaults()
    {
        var ports = EcsContainer()["portMappings"]!.AsArray().Select(p => RepoFiles.Int(p!["containerPort"]));

        Assert.Equal([RepoFiles.DefaultInt(EnvNames.RestPort), RepoFiles.DefaultInt(EnvNames.A2aPort)], ports.Order());
    }

    [Fact]
    public void EcsTaskDefinition_HealthCheckRunsTheHealthcheckCommandPastPARsOwnStartupTimeout()
    {
        var check = EcsContainer()["healthCheck"]!;

        Assert.Equal(["CMD", .. DockerfileModel.Load().HealthcheckCommand], Strings(check["command"]));
        var startPeriod = RepoFiles.Int(check["startPeriod"]);
        Assert.InRange(startPeriod, 0, 300);
        var patience = startPeriod + RepoFiles.Int(check["interval"]) * RepoFiles.Int(check["retries"]);
        Assert.True(patience >= StartupLimitSec(), $"ECS would replace a booting task after {patience} s, before PAR's own limit of {StartupLimitSec()} s");
    }

    [Fact]
    public void EcsTaskDefinition_ReadOnlyRootWithAWritableWorkDirVolume()
    {
        var definition = RepoFiles.Json("deploy/ecs-task-definition.json");
        var container = EcsContainer();

        Assert.True((bool?)container["readonlyRootFilesystem"]);
        Assert.Equal("10001:10001", (string?)container["user"]);
        var workDir = EcsEnv(container, EnvNames.ParWorkDir) ?? RepoFiles.Default(EnvNames.ParWorkDir);
        var mount = Assert.Single(container["mountPoints"]!.AsArray(), m => (string?)m!["containerPath"] == workDir)!;
        Assert.False((bool?)mount["readOnly"] ?? false);
        Assert.Contains(definition["volumes"]!.AsArray(), v => (string?)v!["name"] == (string?)mount["sourceVolume"]);
    }

    [Fact]
    public void Kubernetes_ProbesAskHealthAndLiveOnTheRestPort()
    {
        var container = K8sContainer();

        Assert.Equal("/health", (string?)container["startupProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/live", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("rest", (string?)container[probe]!["httpGet"]!["port"]);
        }

        var ports = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => RepoFiles.Int(p!["containerPort"]));
        Assert.Equal(RepoFiles.DefaultInt(EnvNames.RestPort), ports["rest"]);
        Assert.Equal(RepoFiles.DefaultInt(EnvNames.A2aPort), ports["a2a"]);
    }

    [Fact]
    public void Kubernetes_ServiceTargetsTheContainersNamedPorts()
    {
        var service = RepoFiles.YamlDocuments("deploy/kubernetes.yaml").Single(d => (string?)d["kind"] == "Service");

        var targets = service["spec"]!["ports"]!.AsArray().Select(p => (string?)p!["targetPort"]);

        Assert.Equal(["a2a", "rest"], targets.Order());
    }

    [Fact]
    public void Kubernetes_StartupProbeOutlastsPARsOwnStartupTimeout()
    {
        var probe = K8sContainer()["startupProbe"]!;

        var window = RepoFiles.Int(probe["periodSeconds"]) * RepoFiles.Int(probe["failureThreshold"]);

        Assert.True(window >= StartupLimitSec(), $"the startup probe kills after {window} s, before PAR's own limit of {StartupLimitSec()} s");
    }

    [Fact]
    public void Kubernetes_GracePeriodCoversPreStopDelayGraceAndWorkerStop()
    {
        var pod = K8sPod();
        var container = K8sContainer();
        var preStop = RepoFiles.Int(container["lifecycle"]!["preStop"]!["sleep"]!["seconds"]);
        var delay = K8sInt(container, EnvNames.ShutdownDelaySec);

        var needed = preStop + delay + K8sInt(container, EnvNames.GracefulShutdownTimeoutSec) + WorkerStopSec;

        var grace = RepoFiles.Int(pod["terminationGracePeriodSeconds"]);
        Assert.True(grace > needed, $"terminationGracePeriodSeconds {grace} leaves no margin over {needed} s");
        Assert.False(preStop > 0 && delay > 0, "preStop sleep and SHUTDOWN_DELAY_SEC would add up: use one of them");
    }

    [Fact]
    public void Kubernetes_NonRootOnAReadOnlyRootWithAnEmptyDirWorkDir()
    {
        var pod = K8sPod();
        var container = K8sContainer();

        Assert.Equal("true", (string?)pod["securityContext"]!["runAsNonRoot"]);
        Assert.Equal("10001", (string?)pod["securityContext"]!["runAsUser"]);
        Assert.Equal("true", (string?)container["securityContext"]!["readOnlyRootFilesystem"]);
        var workDir = K8sEnv(container, EnvNames.ParWorkDir) ?? RepoFiles.Default(EnvNames.ParWorkDir);
        var mount = Assert.Single(container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == workDir)!;
        var volume = Assert.Single(pod["volumes"]!.AsArray(), v => (string?)v!["name"] == (string?)mount["name"])!;
        var sizeLimit = (string?)volume["emptyDir"]!["sizeLimit"];
        Assert.Matches("^[0-9]+Gi$", sizeLimit);
        var limitMiB = int.Parse(sizeLimit![..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        Assert.True(limitMiB > RepoFiles.DefaultInt(EnvNames.MaxPackageSizeMb) + RepoFiles.DefaultInt(EnvNames.MaxExtractedSizeMb),
            "the work dir cannot hold a package of the largest size and its unpacked content");
    }

    /// <summary>PAR gives up on a boot after STARTUP_TIMEOUT_SEC and then keeps /health at 503 for the backoff.</summary>
    private static int StartupLimitSec() =>
        RepoFiles.DefaultInt(EnvNames.StartupTimeoutSec) + RepoFiles.DefaultInt(EnvNames.BootFailureBackoffSec);

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => (string)n!)] : [(string)node!];

    private static JsonNode EcsContainer() =>
        Assert.Single(RepoFiles.Json("deploy/ecs-task-definition.json")["containerDefinitions"]!.AsArray())!;

    private static string? EcsEnv(JsonNode container, string name) =>
        (string?)container["environment"]!.AsArray().SingleOrDefault(e => (string?)e!["name"] == name)?["value"];

    private static int EcsInt(JsonNode container, string name) =>
        int.Parse(EcsEnv(container, name) ?? RepoFiles.Default(name), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonNode K8sPod() =>
        RepoFiles.YamlDocuments("deploy/kubernetes.yaml").Single(d => (string?)d["kind"] == "Deployment")["spec"]!["template"]!["spec"]!;

    private static JsonNode K8sContainer() => Assert.Single(K8sPod()["containers"]!.AsArray())!;

    private static string? K8sEnv(JsonNode container, string name) =>
        (string?)container["env"]!.AsArray().SingleOrDefault(e => (string?)e!["name"] == name)?["value"];

    private static int K8sInt(JsonNode container, string name) =>
        int.Parse(K8sEnv(container, name) ?? RepoFiles.Default(name), System.Globalization.CultureInfo.InvariantCulture);
}
