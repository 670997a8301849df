namespace Par.Api.Tests.Operations;

public sealed class ControlPlanePackagesTests
{
    [Fact]
    public void ParApiProject_ReferencesNoControlPlaneClient()
    {
        var references = ProjectPackages.ReferencedByParApi();

        Assert.Contains("AWSSDK.S3", references);
        Assert.Empty(ControlPlanePackages.Violations(references, transitive: false));
    }

    [Fact]
    public void CentralPackageVersions_ListNoControlPlaneClient()
    {
        var versions = ProjectPackages.CentralVersions();

        Assert.Contains("AWSSDK.S3", versions);
        Assert.Empty(ControlPlanePackages.Violations(versions, transitive: false));
    }

    [Fact]
    public void ParApiResolvedPackages_HoldNoControlPlaneClient()
    {
        var resolved = ProjectPackages.ResolvedForParApi();

        Assert.Contains("AWSSDK.S3", resolved);
        Assert.Contains("AWSSDK.Core", resolved);
        Assert.Empty(ControlPlanePackages.Violations(resolved, transitive: true));
    }

    [Theory]
    [InlineData("AWSSDK.ECS")]
    [InlineData("AWSSDK.ElasticLoadBalancingV2")]
    [InlineData("AWSSDK.ServiceDiscovery")]
    [InlineData("AWSSDK.DynamoDBv2")]
    [InlineData("AWSSDK.RDSDataService")]
    [InlineData("AWSSDK.SecurityToken")]
    [InlineData("AWSSDK.Extensions.NETCore.Setup")]
    [InlineData("awssdk.sqs")]
    [InlineData("Npgsql")]
    [InlineData("Npgsql.EntityFrameworkCore.PostgreSQL")]
    [InlineData("Microsoft.Data.SqlClient")]
    [InlineData("System.Data.SqlClient")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("MySqlConnector")]
    [InlineData("MongoDB.Driver")]
    [InlineData("StackExchange.Redis")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Azure.Storage.Blobs")]
    [InlineData("Microsoft.Azure.Cosmos")]
    [InlineData("Google.Cloud.Storage.V1")]
    [InlineData("Google.Apis.Compute.v1")]
    [InlineData("KubernetesClient")]
    [InlineData("Docker.DotNet")]
    public void Rule_ControlPlaneOrDatabaseClient_IsRefusedDirectAndTransitive(string packageId)
    {
        Assert.NotNull(ControlPlanePackages.Violation(packageId, transitive: false));
        Assert.NotNull(ControlPlanePackages.Violation(packageId, transitive: true));
    }

    [Theory]
    [InlineData("AWSSDK.S3")]
    [InlineData("AWSSDK.Core")]
    [InlineData("Grpc.AspNetCore")]
    [InlineData("Google.Protobuf")]
    [InlineData("Swashbuckle.AspNetCore.SwaggerUI")]
    [InlineData("Microsoft.Extensions.Diagnostics.HealthChecks")]
    [InlineData("YamlDotNet")]
    [InlineData("Yarp.ReverseProxy")]
    [InlineData("Specs.Helpers")]
    public void Rule_RuntimePackages_AreAllowed(string packageId) =>
        Assert.Null(ControlPlanePackages.Violation(packageId, transitive: false));

    [Fact]
    public void Rule_CoresNumericsHelper_IsAllowedOnlyAsADependency()
    {
        Assert.Null(ControlPlanePackages.Violation("AWSSDK.Extensions.Numerics", transitive: true));
        Assert.NotNull(ControlPlanePackages.Violation("AWSSDK.Extensions.Numerics", transitive: false));
    }

    [Fact]
    public void Rule_MadeUpProjectList_NamesEveryOffenderAndNothingElse()
    {
        string[] madeUp = ["AWSSDK.S3", "AWSSDK.Core", "AWSSDK.ECS", "Grpc.AspNetCore", "Npgsql", "YamlDotNet", "Azure.Identity"];

        var violations = ControlPlanePackages.Violations(madeUp, transitive: false);

        Assert.Equal(["AWSSDK.ECS", "Npgsql", "Azure.Identity"], violations.Select(v => v.Split(':')[0]));
    }
}
