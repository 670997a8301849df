using System.Collections;
using System.Reflection;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Par.Api.Config;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Aot;

/// <summary>
/// Par.Api/Aot/boot-generics.rd.xml lists the generic types the container builds from open-generic registrations
/// (Logger&lt;T&gt;, OptionsManager&lt;T&gt;, gRPC's per-service builders, the arrays behind IEnumerable&lt;T&gt;) while PAR
/// boots and answers its first calls, so that the native executable has them compiled in: otherwise its type loader
/// builds each one at run time, which was over half of the main thread's CPU in a native boot (bench/notes.md). This
/// test boots the sample in-process, reads the container's call sites, and fails when one of them is missing from
/// the file. PAR_WRITE_BOOT_GENERICS=1 rewrites the file from what it found.
/// </summary>
public sealed class BootGenericsTests
{
    private static readonly string RdXml = Path.Combine(TestPackages.RepositoryRoot, "Par.Api", "Aot", "boot-generics.rd.xml");

    [Fact]
    public async Task EveryGenericTheContainerBuildsAtBoot_IsListedForTheNativeCompiler()
    {
        var built = await BuiltAtBootAsync();
        Assert.NotEmpty(built);
        if (Environment.GetEnvironmentVariable("PAR_WRITE_BOOT_GENERICS") == "1")
        {
            await File.WriteAllTextAsync(RdXml, Directives(built));
        }

        var listed = XDocument.Load(RdXml).Descendants().Where(e => e.Name.LocalName == "Type")
            .Select(e => (string)e.Attribute("Name")!).ToHashSet(StringComparer.Ordinal);
        var missing = built.Values.SelectMany(names => names).Where(name => !listed.Contains(name)).ToList();
        Assert.True(missing.Count == 0,
            $"{RdXml} lacks {missing.Count} generic types built at boot (PAR_WRITE_BOOT_GENERICS=1 dotnet test --filter BootGenericsTests rewrites it):\n"
            + string.Join('\n', missing));
    }

    /// <summary>The constructed generic types behind the container's call sites, by their definition's assembly.</summary>
    private static async Task<SortedDictionary<string, SortedSet<string>>> BuiltAtBootAsync()
    {
        await using var host = await ParTestHost.StartAsync(new Dictionary<string, string?>
        {
            [EnvNames.AgentPackagePath] = TestPackages.SampleAgent,
        });
        Assert.True((await host.WaitForBootAsync()).IsReady);
        using (await host.Rest.GetAsync("/hello"))
        using (await host.Rest.GetAsync("/health"))
        {
        }

        var built = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var site in CallSites(host.Services))
        {
            var type = site.GetType().Name switch
            {
                "ConstructorCallSite" => Property<Type?>(site, "ImplementationType"),
                "IEnumerableCallSite" => Property<Type>(site, "ItemType") is { IsConstructedGenericType: true } item ? item.MakeArrayType() : null,
                _ => null,
            };
            var definition = type is null ? null : type.IsArray ? type.GetElementType()! : type;
            if (definition is { IsConstructedGenericType: true })
            {
                var assembly = definition.GetGenericTypeDefinition().Assembly.GetName().Name!;
                if (!built.TryGetValue(assembly, out var names))
                {
                    built[assembly] = names = new SortedSet<string>(StringComparer.Ordinal);
                }

                names.Add(RdName(type!));
            }
        }

        return built;
    }

    /// <summary>The root provider's cached call sites (Microsoft.Extensions.DependencyInjection's internals, read by reflection).</summary>
    private static IEnumerable<object> CallSites(IServiceProvider services)
    {
        const BindingFlags Instance = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance;
        var factory = services.GetType().GetProperty("CallSiteFactory", Instance)?.GetValue(services)
            ?? throw new InvalidOperationException($"{services.GetType()} has no CallSiteFactory: the container's internals changed");
        var cache = factory.GetType().GetField("_callSiteCache", Instance)?.GetValue(factory) as IDictionary
            ?? throw new InvalidOperationException("CallSiteFactory has no _callSiteCache: the container's internals changed");
        return cache.Values.Cast<object>();
    }

    private static T Property<T>(object site, string name) =>
        (T)site.GetType().GetProperty(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!.GetValue(site)!;

    /// <summary>A type's name as rd.xml writes it: generic arguments in brackets, each with its assembly's simple name.</summary>
    private static string RdName(Type type)
    {
        if (type.IsArray)
        {
            return RdName(type.GetElementType()!) + "[]";
        }

        if (!type.IsConstructedGenericType)
        {
            return type.FullName!;
        }

        var arguments = type.GenericTypeArguments.Select(a => $"[{RdName(a)}, {a.Assembly.GetName().Name}]");
        return $"{type.GetGenericTypeDefinition().FullName}[{string.Join(',', arguments)}]";
    }

    private static string Directives(SortedDictionary<string, SortedSet<string>> built)
    {
        var xml = new StringBuilder();
        xml.Append("<!-- Written by Par.Api.Tests/Aot/BootGenericsTests (PAR_WRITE_BOOT_GENERICS=1): the generic types the container\n");
        xml.Append("     builds at boot, compiled into the native executable instead of built by its type loader at run time. -->\n");
        xml.Append("<Directives xmlns=\"http://schemas.microsoft.com/netfx/2013/01/metadata\">\n  <Application>\n");
        foreach (var (assembly, names) in built)
        {
            xml.Append("    <Assembly Name=\"").Append(assembly).Append("\">\n");
            foreach (var name in names)
            {
                xml.Append("      <Type Name=\"").Append(SecurityElement.Escape(name)).Append("\" Dynamic=\"Required All\" />\n");
            }

            xml.Append("    </Assembly>\n");
        }

        return xml.Append("  </Application>\n</Directives>\n").ToString();
    }
}
