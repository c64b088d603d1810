/** A team's offline job runner using ogem-batch: chat requests as OpenAI Batch API jobs at half price. */
module example.batch {
    requires dev.ogem.batch;
}
