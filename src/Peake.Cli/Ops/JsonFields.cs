using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>Tolerant reads of the nodes' JSON: a missing or mistyped field is null or empty, never an exception.</summary>
internal static class JsonFields
{
    public static string? Text(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool? Flag(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static int? Number(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    public static long? Long(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    public static IEnumerable<JsonNode> Items(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonArray array ? array.OfType<JsonNode>() : [];
}
