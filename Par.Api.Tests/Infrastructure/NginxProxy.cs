using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Par.Api.Tests.Infrastructure;

/// <summary>
/// A real nginx on loopback in front of a running PAR, one listener per <see cref="ProxyRoute"/>: what PAR meets
/// behind an ALB or a Kubernetes Service. Its nginx.conf, pid, logs and temp files live in its own temp directory;
/// it runs in the foreground as one process (no master, so no user switch), and is killed on dispose.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly Process _process;
    private readonly Dictionary<string, int> _ports;

    private NginxProxy(TempDirectory dir, Process process, Dictionary<string, int> ports)
    {
        _dir = dir;
        _process = process;
        _ports = ports;
    }

    /// <summary>http://127.0.0.1:PORT of the route's listener.</summary>
    public string Address(string route) => $"http://127.0.0.1:{_ports[route]}";

    public int Port(string route) => _ports[route];

    public string ErrorLog => File.Exists(_dir.Combine("error.log")) ? File.ReadAllText(_dir.Combine("error.log")) : string.Empty;

    public static async Task<NginxProxy> StartAsync(int restPort, int a2aPort, IEnumerable<ProxyRoute> routes)
    {
        var dir = new TempDirectory("par-nginx");
        var ports = new Dictionary<string, int>();
        var servers = new StringBuilder();
        foreach (var route in routes)
        {
            var port = TestPorts.Next();
            ports[route.Name] = port;
            servers.Append(Server(route, port, route.Kind == ProxyKind.Rest ? restPort : a2aPort));
        }

        var config = dir.Write("nginx.conf", Config(dir, servers.ToString()));
        var info = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", dir.Path + "/", "-c", config, "-e", dir.Combine("error.log") })
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            dir.Dispose();
            throw new InvalidOperationException($"nginx could not be started ({e.Message}): scripts/setup-test-deps.sh installs it", e);
        }

        var proxy = new NginxProxy(dir, process, ports);
        try
        {
            foreach (var port in ports.Values)
            {
                await proxy.WaitListeningAsync(port);
            }
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private Task WaitListeningAsync(int port) =>
        Poll.UntilAsync(
            async () => _process.HasExited
                ? throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}\n{ErrorLog}")
                : await TestPorts.AcceptsAsync(port),
            TimeSpan.FromSeconds(15),
            $"nginx listens on port {port}",
            () => ErrorLog);

    private static string Config(TempDirectory dir, string servers) => $$"""
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{dir.Combine("nginx.pid")}};
        error_log {{dir.Combine("error.log")}} info;
        events { worker_connections 256; }
        http {
            access_log {{dir.Combine("access.log")}};
            client_body_temp_path {{dir.Combine("client_body")}};
            proxy_temp_path {{dir.Combine("proxy")}};
            fastcgi_temp_path {{dir.Combine("fastcgi")}};
            uwsgi_temp_path {{dir.Combine("uwsgi")}};
            scgi_temp_path {{dir.Combine("scgi")}};
            # PAR enforces its own limits (MAX_REQUEST_BODY_MB, GRPC_MAX_MESSAGE_MB); the proxy must not answer first.
            client_max_body_size 0;
            proxy_buffering off;
            proxy_request_buffering off;
            grpc_buffer_size 64k;
        {{servers}}
        }
        """;

    private static string Server(ProxyRoute route, int listen, int upstream)
    {
        var rest = route.Kind == ProxyKind.Rest;
        var set = rest ? "proxy_set_header" : "grpc_set_header";
        var lines = new StringBuilder();
        // An empty value makes nginx send no such header at all.
        lines.Append(CultureInfo.InvariantCulture, $"{set} Host \"{route.Host ?? string.Empty}\";\n");
        lines.Append(CultureInfo.InvariantCulture, $"{set} X-Forwarded-For $proxy_add_x_forwarded_for;\n");
        if (route.ForwardedProto is { } proto)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{set} X-Forwarded-Proto {proto};\n");
        }

        if (route.ForwardedPort is { } port)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{set} X-Forwarded-Port {port};\n");
        }

        var pass = rest
            ? $"proxy_pass http://127.0.0.1:{upstream}; proxy_http_version 1.1; proxy_set_header Connection \"\";"
            : $"grpc_pass grpc://127.0.0.1:{upstream};";
        var listenLine = rest ? $"listen 127.0.0.1:{listen};" : $"listen 127.0.0.1:{listen} http2;";
        return $$"""
                server {
                    {{listenLine}}
                    location / {
                        {{pass}}
                        {{lines}}
                    }
                }

            """;
    }
}
