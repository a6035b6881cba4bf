using Peake.Cluster.Patients;

namespace Peake.Management.Patients;

/// <summary>
/// The node's master person index once its shard regions have started (the host starts them after the HTTP routes
/// exist): patient routes answer 503 until then rather than waiting on a node that is still joining.
/// </summary>
public sealed class PatientIndexSource
{
    private volatile MasterPersonIndex? _index;

    public MasterPersonIndex? Current => _index;

    public void Started(MasterPersonIndex index) => _index = index;
}
