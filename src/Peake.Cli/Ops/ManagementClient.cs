using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// HTTP client of a node's management endpoints. Tries the nodes in order until one answers; once one has, the
/// later calls of the same command go to it first (down-unreachable must down what that node saw). Only "no answer"
/// moves on to the next node: an HTTP error is the cluster's answer and is reported as one line.
/// </summary>
internal sealed class ManagementClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ManagementTarget _target;
    private List<string> _nodes;

    public ManagementClient(ManagementTarget target)
    {
        _target = target;
        _nodes = [.. target.Nodes];
        _http = new HttpClient { Timeout = target.Timeout };
    }

    /// <summary>The node that answered last ("host:port").</summary>
    public string? Node { get; private set; }

    public Task<JsonNode> GetAsync(string path, string notFound, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path, null, notFound, ct);

    public Task<JsonNode> PutAsync(string path, JsonNode body, string notFound, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, body, notFound, ct);

    public Task<JsonNode> PostAsync(string path, JsonNode body, string notFound, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, body, notFound, ct);

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonNode? body, string notFound, CancellationToken ct)
    {
        var failures = new List<(string Node, string Reason)>();
        foreach (var node in _nodes)
        {
            using var request = new HttpRequestMessage(method, new Uri($"http://{node}{path}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _target.Token);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                failures.Add((node, Reason(e)));
                continue;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                failures.Add((node, $"no answer within {_target.Timeout.TotalSeconds:0.#} s"));
                continue;
            }

            using (response)
            {
                Node = node;
                _nodes = [node, .. _nodes.Where(n => n != node)];
                var text = await response.Content.ReadAsStringAsync(ct);
                return response.IsSuccessStatusCode
                    ? Parse(node, text)
                    : throw new ManagementException(Describe(node, response.StatusCode, text, notFound));
            }
        }

        var hint = _target.RunFile is { } runFile ? $"; these nodes come from {runFile}: is `make run` still running?" : "";
        throw new ManagementException(failures.Count == 1
            ? $"node {failures[0].Node} is unreachable: {failures[0].Reason}{hint}"
            : $"no node answered: {string.Join(", ", failures.Select(f => $"{f.Node} ({f.Reason})"))}{hint}");
    }

    private static string Reason(HttpRequestException e) =>
        e.InnerException is SocketException s ? s.Message.ToLowerInvariant() : e.Message;

    private static JsonNode Parse(string node, string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new ManagementException($"node {node} answered with an empty document");
        }
        catch (JsonException)
        {
            throw new ManagementException($"node {node} answered with something that is not JSON (is {node} a management port?)");
        }
    }

    private static string Describe(string node, HttpStatusCode status, string text, string notFound)
    {
        var reason = ErrorText(text);
        var suffix = reason is null ? "" : $": {reason}";
        return status switch
        {
            HttpStatusCode.Unauthorized =>
                $"node {node} refused the token (401 Unauthorized): check --token-file or {OpsArguments.TokenVariable}",
            HttpStatusCode.Forbidden => $"node {node} refused the request (403 Forbidden){suffix}",
            // The node's words when it gives any: it knows what it could not find (our guess is the fallback).
            HttpStatusCode.NotFound => $"{reason ?? notFound} (404 from {node})",
            HttpStatusCode.BadRequest => $"node {node} rejected the request (400 Bad Request){suffix}",
            HttpStatusCode.ServiceUnavailable => $"node {node} is not ready (503 Service Unavailable){suffix}",
            _ => $"node {node} answered {(int)status} {status}{suffix}",
        };
    }

    /// <summary>The node's own words, from {"error"}, {"reason"} or {"message"} in the body, when there are any.</summary>
    private static string? ErrorText(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o
                ? new[] { "error", "reason", "message" }.Select(k => o[k]).OfType<JsonValue>().Select(v => v.ToString()).FirstOrDefault()
                : null;
        }
        catch (JsonException)
        {
            return string.IsNullOrWhiteSpace(text) || text.Length > 200 ? null : text.Trim();
        }
    }
}
