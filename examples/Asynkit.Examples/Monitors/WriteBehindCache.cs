namespace Asynkit.Examples.Monitors;

/// <summary>Buffers items and writes them in batches; a failed write must keep its batch for the next flush.</summary>
/// <param name="repository">Where batches are written.</param>
/// <param name="buggy">True for the version with the planted bug.</param>
internal sealed class WriteBehindCache(FakeRepository repository, bool buggy = false)
{
    private List<string> _pending = [];

    public IReadOnlyList<string> Pending => _pending;

    public void Add(string item) => _pending.Add(item);

    public async Task FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        List<string> batch = _pending;
        _pending = [];
        try
        {
            await repository.WriteAsync(batch);
        }
        catch (IOException)
        {
            if (buggy)
            {
                _pending = batch;              // the planted bug: drops what was added while the write was in flight
            }
            else
            {
                _pending.InsertRange(0, batch); // keep the failed batch, ahead of newer items
            }
        }
    }
}
