using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Callers;
using Peake.DicomWeb.Http;
using Peake.DicomWeb.Retrieve;
using Peake.DicomWeb.Search;
using Peake.DicomWeb.Store;

namespace Peake.DicomWeb;

/// <summary>
/// DICOMweb (PS3.18) under <see cref="DicomWebOptions.BasePath"/> (docs/decisions/0031-dicomweb.md): QIDO-RS searches,
/// WADO-RS retrieval (instances, metadata, frames, bulk data) and STOW-RS, over the ports the host registers as
/// services: <see cref="IQueryService"/>, <see cref="IRetrieveSource"/>, <see cref="IStowTarget"/>,
/// <see cref="IDicomWebCallers"/> and, optional, <see cref="IRetrievalRecorder"/> (a host whose retrieve source records
/// the reads itself, as the node's does, registers none). Every route first identifies the caller.
/// </summary>
public static class DicomWebEndpoints
{
    public static IEndpointConventionBuilder MapDicomWeb(this IEndpointRouteBuilder endpoints, DicomWebOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        options ??= new DicomWebOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxResults, 1, nameof(options));

        // Resolved once, so a host missing a port fails at start-up rather than on the first request.
        var services = endpoints.ServiceProvider;
        var queries = services.GetRequiredService<IQueryService>();
        var guard = new DicomWebHandler(services.GetRequiredService<IDicomWebCallers>(), options);
        var search = new SearchHandlers(queries, options);
        var retrieve = new RetrieveHandlers(
            queries, services.GetRequiredService<IRetrieveSource>(), services.GetService<IRetrievalRecorder>(), options);
        var store = new StoreHandlers(services.GetRequiredService<IStowTarget>(), options);

        var group = endpoints.MapGroup(options.BasePath);

        // QIDO-RS (PS3.18 10.6)
        group.MapGet("/studies", guard.Guard(search.StudiesAsync));
        group.MapGet("/studies/{study}/series", guard.Guard(search.SeriesAsync));
        group.MapGet("/series", guard.Guard(search.SeriesAsync));
        group.MapGet("/studies/{study}/series/{series}/instances", guard.Guard(search.InstancesAsync));
        group.MapGet("/studies/{study}/instances", guard.Guard(search.InstancesAsync));
        group.MapGet("/instances", guard.Guard(search.InstancesAsync));

        // WADO-RS (PS3.18 10.4)
        group.MapGet("/studies/{study}", guard.Guard(retrieve.InstancesAsync));
        group.MapGet("/studies/{study}/series/{series}", guard.Guard(retrieve.InstancesAsync));
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}", guard.Guard(retrieve.InstancesAsync));
        group.MapGet("/studies/{study}/metadata", guard.Guard(retrieve.MetadataAsync));
        group.MapGet("/studies/{study}/series/{series}/metadata", guard.Guard(retrieve.MetadataAsync));
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", guard.Guard(retrieve.MetadataAsync));
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}/frames/{frames}", guard.Guard(retrieve.FramesAsync));
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}/bulk/{**path}", guard.Guard(retrieve.BulkAsync));

        // STOW-RS (PS3.18 10.5)
        group.MapPost("/studies", guard.Guard(store.StoreAsync));
        group.MapPost("/studies/{study}", guard.Guard(store.StoreAsync));
        return group;
    }
}
