package io.iomt.sdk;

class InMemorySampleStoreTest extends SampleStoreContract {

    @Override
    protected SampleStore newStore() {
        return new InMemorySampleStore();
    }
}
