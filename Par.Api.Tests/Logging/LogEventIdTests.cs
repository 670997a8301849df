using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Par.Api.Tests.Logging;

/// <summary>
/// Every [LoggerMessage] in the runtime, found by reflection (so events added anywhere are checked): no two share an
/// id, no two share a name, and each has both (a dashboard keys on the name, EventId filters on the id).
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly (string Method, int Id, string? Name)[] Events =
    [
        .. typeof(ParApp).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .Select(e => ($"{e.Method.DeclaringType!.FullName}.{e.Method.Name}", e.Attribute!.EventId, e.Attribute.EventName)),
    ];

    [Fact]
    public void LoggerMessages_AreFound()
    {
        Assert.True(Events.Length >= 50, $"only {Events.Length} [LoggerMessage] methods found by reflection");
    }

    [Fact]
    public void LoggerMessages_EachHaveAnIdAndADottedName()
    {
        var missing = Events.Where(e => e.Id <= 0 || string.IsNullOrEmpty(e.Name) || !e.Name.Contains('.', StringComparison.Ordinal))
            .Select(e => $"{e.Method} (id {e.Id}, name '{e.Name}')");
        Assert.Empty(missing);
    }

    [Fact]
    public void LoggerMessages_IdsAreUnique()
    {
        var shared = Events.GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => $"{e.Name} ({e.Method})"))}");
        Assert.Empty(shared);
    }

    [Fact]
    public void LoggerMessages_NamesAreUnique()
    {
        var shared = Events.GroupBy(e => e.Name).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => $"{e.Id} ({e.Method})"))}");
        Assert.Empty(shared);
    }
}
