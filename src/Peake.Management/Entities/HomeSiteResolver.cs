namespace Peake.Management.Entities;

/// <summary>
/// Finds an entity's current home site when GET /entities/{type}/{id} has no <c>?site=</c>: the location directory,
/// once the coordinator wires it (<c>LocationDirectory.HomeSiteOfAsync</c>). Null resolver or null answer: the
/// route asks the caller for <c>?site=</c>.
/// </summary>
public delegate Task<string?> HomeSiteResolver(string type, string entityId, CancellationToken cancellationToken);
