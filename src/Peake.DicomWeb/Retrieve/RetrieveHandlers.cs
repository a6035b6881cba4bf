using Microsoft.AspNetCore.Http;
using Peake.Dicom.Network.Query;

namespace Peake.DicomWeb.Retrieve;

internal sealed class RetrieveHandlers(IQueryService queries, IRetrieveSource source, IRetrievalRecorder recorder, DicomWebOptions options)
{
    public Task InstancesAsync(HttpContext context, QueryContext caller) => throw new NotImplementedException($"{queries}{source}{recorder}");

    public Task MetadataAsync(HttpContext context, QueryContext caller) => throw new NotImplementedException(options.BasePath);

    public Task FramesAsync(HttpContext context, QueryContext caller) => throw new NotImplementedException(options.BasePath);

    public Task BulkAsync(HttpContext context, QueryContext caller) => throw new NotImplementedException(options.BasePath);
}
