using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;

namespace Peake.Cluster.Serialization;

/// <summary>
/// Manifest ↔ type registry, read from <see cref="PeakeManifestAttribute"/>s of the loaded assemblies that
/// reference Peake.Cluster. Rebuilt when a manifest is not found, in case its assembly loaded after the last scan.
/// </summary>
internal static class PeakeManifests
{
    private static readonly ConcurrentDictionary<Type, string> ByType = new();
    private static volatile IReadOnlyDictionary<string, Type> _byManifest = new Dictionary<string, Type>();

    public static string Of(Type type) => ByType.GetOrAdd(type, t =>
        t.GetCustomAttribute<PeakeManifestAttribute>()?.Manifest
        ?? throw new SerializationException($"{t.FullName} is an IPeakeMessage without a [PeakeManifest]."));

    public static Type TypeOf(string manifest)
    {
        if (_byManifest.TryGetValue(manifest, out var type))
            return type;
        _byManifest = Scan(AppDomain.CurrentDomain.GetAssemblies());
        // Unknown manifests are refused, not guessed: a newer node's message is dropped, the association stays up.
        return _byManifest.TryGetValue(manifest, out type)
            ? type
            : throw new SerializationException($"Unknown Peake manifest '{manifest}'.");
    }

    /// <summary>Every manifest declared in <paramref name="assemblies"/>; a manifest used twice is a build error.</summary>
    public static IReadOnlyDictionary<string, Type> Scan(IEnumerable<Assembly> assemblies)
    {
        var own = typeof(PeakeManifests).Assembly;
        var map = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var assembly in assemblies.Where(a => a == own || References(a, own)))
        {
            foreach (var type in assembly.GetTypes())
            {
                var manifest = type.GetCustomAttribute<PeakeManifestAttribute>()?.Manifest;
                if (manifest is null)
                    continue;
                if (!map.TryAdd(manifest, type))
                {
                    throw new InvalidOperationException(
                        $"Peake manifest '{manifest}' is declared by both {map[manifest].FullName} and {type.FullName}.");
                }
            }
        }
        return map;
    }

    private static bool References(Assembly assembly, Assembly target) =>
        !assembly.IsDynamic && assembly.GetReferencedAssemblies().Any(n => n.Name == target.GetName().Name);
}
