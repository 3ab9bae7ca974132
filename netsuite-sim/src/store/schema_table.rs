//! Field tables of the supported record types and search rows, in XSD sequence order.
//!
//! Each table lists the fields present in all of 2017.1, 2017.2 and 2023.2 (so one table serves
//! every endpoint version), in the order of the type's `xsd:sequence`. Record tables mark a
//! field's kind with a suffix: `@` a `platformCore:RecordRef`, `$` the `customFieldList`,
//! `[Line]` a sublist of line records (the line's own table); no suffix is a simple value
//! (string, number, boolean, date or enum). Row tables give each column's `SearchColumn*Field`
//! kind (`String`, `Select`, `Date`, ...). Other complex fields (addresses, other sublists) are
//! not supported and are dropped from records.

pub(super) const CUSTOMER: &str = "\
    customForm@ entityId altName isPerson phoneticName salutation firstName middleName \
    lastName companyName entityStatus@ parent@ phone fax email url defaultAddress isInactive \
    category@ title printOnCheckAs altPhone homePhone mobilePhone altEmail language comments \
    numberFormat negativeNumberFormat dateCreated image@ emailPreference subsidiary@ \
    representingSubsidiary@ salesRep@ territory@ contribPct partner@ salesGroup@ \
    vatRegNumber accountNumber taxExempt terms@ creditLimit creditHoldOverride \
    monthlyClosing overrideCurrencyFormat displaySymbol symbolPlacement balance \
    overdueBalance daysOverdue unbilledOrders consolUnbilledOrders consolOverdueBalance \
    consolDepositBalance consolBalance consolAging consolAging1 consolAging2 consolAging3 \
    consolAging4 consolDaysOverdue priceLevel@ currency@ prefCCProcessor@ depositBalance \
    shipComplete taxable taxItem@ resaleNumber aging aging1 aging2 aging3 aging4 startDate \
    alcoholRecipientType endDate reminderDays shippingItem@ thirdPartyAcct thirdPartyZipcode \
    thirdPartyCountry giveAccess estimatedBudget accessRole@ sendEmail password password2 \
    requirePwdChange campaignCategory@ leadSource@ receivablesAccount@ drAccount@ fxAccount@ \
    defaultOrderPriority webLead referrer keywords clickStream lastPageVisited visits \
    firstVisit lastVisit billPay openingBalance lastModifiedDate openingBalanceDate \
    openingBalanceAccount@ stage emailTransactions printTransactions faxTransactions \
    syncPartnerTeams isBudgetApproved globalSubscriptionStatus salesReadiness@ buyingReason@ \
    buyingTimeFrame@ customFieldList$";

pub(super) const CONTACT: &str = "\
    customForm@ entityId contactSource@ company@ salutation firstName middleName lastName \
    title phone fax email defaultAddress isPrivate isInactive subsidiary@ phoneticName \
    altEmail officePhone homePhone mobilePhone supervisor@ supervisorPhone assistant@ \
    assistantPhone comments globalSubscriptionStatus image@ billPay dateCreated \
    lastModifiedDate customFieldList$";

pub(super) const VENDOR: &str = "\
    customForm@ entityId altName isPerson phoneticName salutation firstName middleName \
    lastName companyName phone fax email url defaultAddress isInactive lastModifiedDate \
    dateCreated category@ title printOnCheckAs altPhone homePhone mobilePhone altEmail \
    comments globalSubscriptionStatus image@ emailPreference subsidiary@ \
    representingSubsidiary@ accountNumber legalName vatRegNumber expenseAccount@ \
    payablesAccount@ terms@ incoterm@ creditLimit balancePrimary openingBalance \
    openingBalanceDate openingBalanceAccount@ balance unbilledOrdersPrimary bcn \
    unbilledOrders currency@ is1099Eligible isJobResourceVend laborCost \
    purchaseOrderQuantity purchaseOrderAmount purchaseOrderQuantityDiff receiptQuantity \
    receiptAmount receiptQuantityDiff workCalendar@ taxIdNum taxItem@ giveAccess sendEmail \
    billPay isAccountant password password2 requirePwdChange eligibleForCommission \
    emailTransactions printTransactions faxTransactions customFieldList$";

pub(super) const EMPLOYEE: &str = "\
    customForm@ template@ entityId salutation firstName middleName lastName altName phone \
    fax email defaultAddress isInactive phoneticName lastModifiedDate dateCreated initials \
    officePhone homePhone mobilePhone department@ class@ location@ subsidiary@ billingClass@ \
    accountNumber comments globalSubscriptionStatus image@ payFrequency lastPaidDate \
    currency@ useTimeData usePerquest workplace@ adpId directDeposit expenseLimit \
    purchaseOrderLimit purchaseOrderApprovalLimit socialSecurityNumber supervisor@ approver@ \
    approvalLimit timeApprover@ employeeType@ isSalesRep salesRole@ isSupportRep \
    isJobResource laborCost birthDate hireDate releaseDate lastReviewDate nextReviewDate \
    title employeeStatus@ jobDescription maritalStatus@ ethnicity@ gender \
    purchaseOrderApprover@ workCalendar@ giveAccess concurrentWebServicesUser sendEmail \
    hasOfflineAccess password password2 requirePwdChange inheritIPRules IPAddressRule \
    commissionPaymentPreference billPay eligibleForCommission customFieldList$";

pub(super) const INVENTORY_ITEM: &str = "\
    createdDate lastModifiedDate purchaseDescription copyDescription expenseAccount@ \
    dateConvertedToInv originalItemType originalItemSubtype cogsAccount@ intercoCogsAccount@ \
    salesDescription fraudRisk includeChildren incomeAccount@ intercoIncomeAccount@ \
    taxSchedule@ dropshipExpenseAccount@ deferRevRec revenueRecognitionRule@ \
    revenueAllocationGroup@ isTaxable matrixType assetAccount@ matchBillToReceipt \
    billQtyVarianceAcct@ billPriceVarianceAcct@ billExchRateVarianceAcct@ gainLossAccount@ \
    shippingCost shippingCostUnits handlingCost handlingCostUnits weight weightUnit \
    weightUnits costingMethodDisplay unitsType@ stockUnit@ purchaseUnit@ saleUnit@ \
    issueProduct@ billingSchedule@ trackLandedCost matrixItemNameTemplate isDropShipItem \
    isSpecialOrderItem stockDescription deferredRevenueAccount@ producer manufacturer \
    revRecSchedule@ mpn multManufactureAddr manufacturerAddr1 manufacturerCity \
    manufacturerState manufacturerZip countryOfManufacture roundUpAsComponent \
    purchaseOrderQuantity purchaseOrderAmount purchaseOrderQuantityDiff receiptQuantity \
    receiptAmount receiptQuantityDiff defaultItemShipMethod@ itemCarrier manufacturerTaxId \
    scheduleBNumber scheduleBQuantity scheduleBCode manufacturerTariff preferenceCriterion \
    minimumQuantity enforceMinQtyInternally minimumQuantityUnits softDescriptor@ \
    shipPackage@ shipIndividually costCategory@ pricesIncludeTax purchasePriceVarianceAcct@ \
    quantityPricingSchedule@ reorderPointUnits useMarginalRates preferredStockLevelUnits \
    costEstimateType costEstimate transferPrice overallQuantityPricingType pricingGroup@ \
    vsoePrice vsoeSopGroup costEstimateUnits vsoeDeferral vsoePermitDiscount vsoeDelivered \
    itemRevenueCategory@ preferredLocation@ reorderMultiple cost lastInvtCountDate \
    nextInvtCountDate invtCountInterval invtClassification costUnits totalValue averageCost \
    useBins quantityReorderUnits leadTime autoLeadTime lastPurchasePrice \
    autoPreferredStockLevel preferredStockLevelDays safetyStockLevel safetyStockLevelDays \
    backwardConsumptionDays seasonalDemand safetyStockLevelUnits demandModifier \
    distributionNetwork@ distributionCategory@ autoReorderPoint storeDisplayName \
    storeDisplayThumbnail@ storeDisplayImage@ storeDescription storeDetailedDescription \
    storeItemTemplate@ pageTitle metaTagHtml excludeFromSitemap sitemapPriority \
    searchKeywords isDonationItem showDefaultDonationAmount maxDonationAmount dontShowPrice \
    noPriceMessage outOfStockMessage onSpecial outOfStockBehavior relatedItemsDescription \
    specialsDescription featuredDescription shoppingDotComCategory shopzillaCategoryId \
    nexTagCategory urlComponent customForm@ itemId upcCode displayName vendorName parent@ \
    isOnline isHazmatItem hazmatId hazmatShippingName hazmatHazardClass hazmatPackingGroup \
    hazmatItemUnits hazmatItemUnitsQty isGcoCompliant offerSupport isInactive \
    availableToPartners department@ class@ location@ costingMethod currency \
    preferredStockLevel purchaseTaxCode@ defaultReturnCost supplyReplenishmentMethod@ \
    alternateDemandSourceItem@ fixedLotSize periodicLotSizeType supplyType@ demandTimeFence \
    supplyTimeFence rescheduleInDays rescheduleOutDays periodicLotSizeDays \
    supplyLotSizingMethod@ forwardConsumptionDays demandSource@ quantityBackOrdered \
    quantityCommitted quantityAvailable quantityOnHand onHandValueMli quantityOnOrder rate \
    reorderPoint quantityCommittedUnits salesTaxCode@ quantityAvailableUnits \
    quantityOnHandUnits vendor@ quantityOnOrderUnits customFieldList$";

pub(super) const NON_INVENTORY_SALE_ITEM: &str = "\
    createdDate lastModifiedDate salesDescription includeChildren incomeAccount@ isTaxable \
    matrixType taxSchedule@ shippingCost shippingCostUnits handlingCost handlingCostUnits \
    costEstimateType costEstimate weight weightUnit weightUnits costEstimateUnits unitsType@ \
    saleUnit@ issueProduct@ billingSchedule@ deferredRevenueAccount@ revRecSchedule@ \
    stockDescription isHazmatItem hazmatId hazmatShippingName hazmatHazardClass \
    hazmatPackingGroup hazmatItemUnits hazmatItemUnitsQty producer manufacturer mpn \
    multManufactureAddr manufacturerAddr1 manufacturerCity manufacturerState manufacturerZip \
    countryOfManufacture manufacturerTaxId scheduleBNumber scheduleBQuantity scheduleBCode \
    manufacturerTariff preferenceCriterion minimumQuantity enforceMinQtyInternally \
    softDescriptor shipPackage@ shipIndividually isFulfillable costCategory@ \
    pricesIncludeTax quantityPricingSchedule@ useMarginalRates overallQuantityPricingType \
    pricingGroup@ minimumQuantityUnits vsoePrice vsoeSopGroup vsoeDeferral \
    vsoePermitDiscount vsoeDelivered itemRevenueCategory@ deferRevRec \
    revenueRecognitionRule@ revenueAllocationGroup@ storeDisplayName storeDisplayThumbnail@ \
    storeDisplayImage@ storeDescription storeDetailedDescription storeItemTemplate@ \
    pageTitle metaTagHtml excludeFromSitemap sitemapPriority searchKeywords isDonationItem \
    showDefaultDonationAmount maxDonationAmount dontShowPrice noPriceMessage \
    outOfStockMessage onSpecial outOfStockBehavior relatedItemsDescription \
    specialsDescription featuredDescription shoppingDotComCategory shopzillaCategoryId \
    nexTagCategory urlComponent customForm@ itemId upcCode displayName parent@ isOnline \
    isGcoCompliant offerSupport isInactive matrixItemNameTemplate availableToPartners \
    department@ class@ location@ defaultItemShipMethod@ itemCarrier purchaseTaxCode@ rate \
    salesTaxCode@ customFieldList$";

pub(super) const SERVICE_SALE_ITEM: &str = "\
    createdDate lastModifiedDate salesDescription includeChildren incomeAccount@ isTaxable \
    matrixType taxSchedule@ costEstimateType costEstimate unitsType@ saleUnit@ issueProduct@ \
    costEstimateUnits billingSchedule@ deferredRevenueAccount@ revRecSchedule@ \
    minimumQuantity enforceMinQtyInternally softDescriptor pricesIncludeTax \
    quantityPricingSchedule@ useMarginalRates overallQuantityPricingType isFulfillable \
    costCategory@ pricingGroup@ minimumQuantityUnits vsoePrice vsoeSopGroup vsoeDeferral \
    vsoePermitDiscount vsoeDelivered itemRevenueCategory@ deferRevRec \
    revenueRecognitionRule@ revenueAllocationGroup@ createJob matrixItemNameTemplate \
    storeDisplayName storeDisplayThumbnail@ storeDisplayImage@ storeDescription \
    storeDetailedDescription storeItemTemplate@ pageTitle urlComponent metaTagHtml \
    excludeFromSitemap sitemapPriority searchKeywords isDonationItem \
    showDefaultDonationAmount maxDonationAmount dontShowPrice noPriceMessage \
    outOfStockMessage onSpecial outOfStockBehavior relatedItemsDescription \
    specialsDescription featuredDescription customForm@ itemId upcCode displayName parent@ \
    isOnline isGcoCompliant offerSupport isInactive availableToPartners department@ class@ \
    location@ purchaseTaxCode@ rate salesTaxCode@ customFieldList$";

pub(super) const SALES_ORDER: &str = "\
    createdDate customForm@ entity@ job@ currency@ drAccount@ fxAccount@ tranDate tranId \
    source createdFrom@ orderStatus opportunity@ salesRep@ contribPct partner@ salesGroup@ \
    syncSalesTeams leadSource@ startDate endDate otherRefNum memo salesEffectiveDate \
    excludeCommission totalCostEstimate estGrossProfit estGrossProfitPercent exchangeRate \
    promoCode@ currencyName discountItem@ discountRate isTaxable taxItem@ taxRate \
    toBePrinted toBeEmailed email toBeFaxed fax messageSel@ message billAddressList@ \
    shipIsResidential shipAddressList@ fob shipDate actualShipDate shipMethod@ shippingCost \
    shippingTax1Rate isMultiShipTo shippingTax2Rate shippingTaxCode@ handlingTaxCode@ \
    handlingTax1Rate handlingTax2Rate handlingCost trackingNumbers linkedTrackingNumbers \
    shipComplete paymentMethod@ shopperIpAddress saveOnAuthDecline creditCard@ revenueStatus \
    recognizedRevenue deferredRevenue revRecOnRevCommitment revCommitStatus ccNumber \
    ccExpireDate ccName ccStreet ccZipCode payPalStatus creditCardProcessor@ payPalTranId \
    ccApproved getAuth authCode ccAvsStreetMatch ccAvsZipMatch isRecurringPayment \
    ccSecurityCodeMatch altSalesTotal ignoreAvs paymentEventResult paymentEventHoldReason \
    paymentEventType paymentEventDate paymentEventUpdatedBy subTotal discountTotal taxTotal \
    altShippingCost altHandlingCost total revRecSchedule@ revRecStartDate revRecEndDate \
    paypalAuthId balance paypalProcess billingSchedule@ ccSecurityCode threeDStatusCode \
    class@ department@ subsidiary@ intercoTransaction@ intercoStatus debitCardIssueNo \
    lastModifiedDate location@ pnRefNum status tax2Total terms@ validFrom vatRegNum \
    giftCertApplied oneTime recurWeekly recurMonthly recurQuarterly recurAnnually \
    tranIsVsoeBundle vsoeAutoCalc syncPartnerTeams itemList[SalesOrderItem] customFieldList$";

pub(super) const SALES_ORDER_ITEM: &str = "\
    job@ subscription@ item@ quantityAvailable expandItemGroup quantityOnHand quantity \
    units@ description price@ rate serialNumbers amount isTaxable commitInventory \
    orderPriority licenseCode options$ department@ class@ location@ createPo createdPo@ \
    altSalesAmt createWo poVendor@ poCurrency poRate revRecSchedule@ revRecStartDate \
    revRecTermInMonths revRecEndDate deferRevRec isClosed itemFulfillmentChoice \
    catchUpPeriod@ billingSchedule@ fromJob grossAmt excludeFromRateRequest isEstimate line \
    percentComplete costEstimateType costEstimate quantityBackOrdered quantityBilled \
    quantityCommitted quantityFulfilled quantityPacked quantityPicked tax1Amt taxCode@ \
    taxRate1 taxRate2 giftCertFrom giftCertRecipientName giftCertRecipientEmail \
    giftCertMessage giftCertNumber shipGroup itemIsFulfilled shipAddress@ shipMethod@ \
    vsoeSopGroup vsoeIsEstimate vsoePrice vsoeAmount vsoeAllocation vsoeDeferral \
    vsoePermitDiscount vsoeDelivered expectedShipDate noAutoAssignLocation \
    locationAutoAssigned chargeType@ customFieldList$";

pub(super) const INVOICE: &str = "\
    createdDate lastModifiedDate customForm@ nextApprover@ entity@ billingAccount@ \
    recurringBill tranDate tranId source createdFrom@ postingPeriod@ opportunity@ \
    department@ class@ terms@ location@ subsidiary@ currency@ dueDate discountDate \
    discountAmount salesRep@ contribPct partner@ leadSource@ startDate endDate otherRefNum \
    memo salesEffectiveDate excludeCommission totalCostEstimate estGrossProfit \
    estGrossProfitPercent revRecSchedule@ revRecStartDate revRecEndDate amountPaid \
    amountRemaining balance account@ onCreditHold exchangeRate currencyName promoCode@ \
    discountItem@ discountRate isTaxable taxItem@ taxRate toBePrinted toBeEmailed toBeFaxed \
    fax messageSel@ message billAddressList@ shipIsResidential shipAddressList@ fob shipDate \
    shipMethod@ shippingCost shippingTax1Rate shippingTax2Rate shippingTaxCode@ \
    handlingTaxCode@ handlingTax1Rate handlingCost handlingTax2Rate trackingNumbers \
    linkedTrackingNumbers salesGroup@ subTotal revenueStatus recognizedRevenue \
    deferredRevenue revRecOnRevCommitment syncSalesTeams discountTotal taxTotal \
    altShippingCost altHandlingCost total status job@ billingSchedule@ email tax2Total \
    vatRegNum expCostDiscount@ itemCostDiscount@ timeDiscount@ expCostDiscRate \
    itemCostDiscRate timeDiscRate expCostDiscAmount expCostTaxRate1 expCostTaxRate2 \
    itemCostDiscAmount expCostTaxCode@ expCostDiscTax1Amt itemCostTaxRate1 timeDiscAmount \
    itemCostTaxCode@ expCostDiscTaxable itemCostDiscTaxable itemCostTaxRate2 \
    itemCostDiscTax1Amt itemCostDiscPrint timeDiscTaxable timeTaxRate1 expCostDiscPrint \
    timeTaxCode@ timeDiscPrint giftCertApplied timeDiscTax1Amt tranIsVsoeBundle timeTaxRate2 \
    vsoeAutoCalc syncPartnerTeams itemList[InvoiceItem] approvalStatus@ customFieldList$";

pub(super) const INVOICE_ITEM: &str = "\
    job@ item@ line description amount isTaxable options$ subscriptionLine@ deferRevRec \
    quantity currentPercent units@ serialNumbers binNumbers price@ rate percentComplete \
    quantityOnHand quantityAvailable quantityOrdered quantityRemaining quantityFulfilled \
    amountOrdered department@ orderLine licenseCode class@ location@ revRecSchedule@ \
    revRecStartDate revRecEndDate grossAmt costEstimateType costEstimate \
    excludeFromRateRequest catchUpPeriod@ tax1Amt taxCode@ taxRate1 taxRate2 giftCertFrom \
    giftCertRecipientName giftCertRecipientEmail giftCertMessage giftCertNumber shipGroup \
    itemIsFulfilled shipAddress@ shipMethod@ vsoeSopGroup vsoeIsEstimate vsoePrice \
    vsoeAmount vsoeAllocation vsoeDeferral vsoePermitDiscount vsoeDelivered chargeType@ \
    customFieldList$";

pub(super) const CUSTOM_RECORD: &str = "\
    customRecordId customForm@ isInactive parent@ disclaimer created lastModified name \
    autoName altName owner@ recType@ enableNumbering numberingPrefix numberingSuffix \
    numberingMinDigits description numberingInit numberingCurrentNumber \
    allowNumberingOverride isNumberingUpdateable includeName showId showCreationDate \
    showCreationDateOnList showLastModified showLastModifiedOnList showOwner showOwnerOnList \
    showOwnerAllowChange usePermissions allowAttachments showNotes enablEmailMerge isOrdered \
    allowInlineEditing isAvailableOffline allowQuickSearch recordName scriptId \
    customFieldList$";

pub(super) const CUSTOMER_ROW: &str = "\
    accountNumber:String address:String address1:String address2:String address3:String \
    addressee:String addressInternalId:String addressLabel:String addressPhone:String \
    altContact:String altEmail:String altName:String altPhone:String attention:String \
    availableOffline:Boolean balance:Double billAddress:String billAddress1:String \
    billAddress2:String billAddress3:String billAddressee:String billAttention:String \
    billCity:String billCountry:EnumSelect billCountryCode:String billPhone:String \
    billState:String billZipCode:String buyingReason:String buyingTimeFrame:String \
    category:Select ccCustomerCode:String ccDefault:Boolean ccExpDate:Date \
    ccHolderName:String ccInternalId:String ccNumber:String ccState:Select ccStateFrom:Date \
    ccType:Select city:String comments:String companyName:String consolBalance:Double \
    consolDaysOverdue:Long consolDepositBalance:Double consolOverdueBalance:Double \
    consolUnbilledOrders:Double contact:String contribution:Double \
    contributionPrimary:Double conversionDate:Date country:EnumSelect countryCode:String \
    creditHold:EnumSelect creditHoldOverride:Boolean creditLimit:Double currency:Select \
    dateClosed:Date dateCreated:Date daysOverdue:Long defaultOrderPriority:Double \
    depositBalance:Double drAccount:String email:String emailPreference:EnumSelect \
    emailTransactions:Boolean endDate:Date entityId:String entityNumber:Long \
    entityStatus:Select estimatedBudget:Double explicitConversion:Boolean externalId:Select \
    fax:String faxTransactions:Boolean firstName:String firstOrderDate:Date \
    firstSaleDate:Date fxAccount:String fxBalance:Double fxConsolBalance:Double \
    fxConsolUnbilledOrders:Double fxUnbilledOrders:Double giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect groupPricingLevel:String hasDuplicates:Boolean \
    homePhone:String image:Select internalId:Select isBudgetApproved:Boolean \
    isDefaultBilling:Boolean isDefaultShipping:Boolean isInactive:Boolean isPerson:Boolean \
    isShipAddress:Boolean itemPricingLevel:String itemPricingUnitPrice:Double \
    jobEndDate:Date jobProjectedEnd:Date jobStartDate:Date jobType:Select \
    language:EnumSelect lastModifiedDate:Date lastName:String lastOrderDate:Date \
    lastSaleDate:Date leadDate:Date leadSource:Select level:EnumSelect \
    manualCreditHold:Boolean middleName:String mobilePhone:String monthlyClosing:EnumSelect \
    onCreditHold:Boolean overdueBalance:Double parent:Select partner:Select \
    partnerContribution:Double partnerRole:String partnerTeamMember:Select pec:String \
    permission:EnumSelect phone:String phoneticName:String prefCCProcessor:Select \
    priceLevel:Select pricingGroup:String pricingItem:String printTransactions:Boolean \
    prospectDate:Date receivablesAccount:String reminderDays:Long resaleNumber:String \
    role:String salesReadiness:String salesRep:Select salesTeamMember:Select \
    salesTeamRole:Select salutation:String shipAddress:String shipAddress1:String \
    shipAddress2:String shipAddress3:String shipAddressee:String shipAttention:String \
    shipCity:String shipComplete:Boolean shipCountry:EnumSelect shipCountryCode:String \
    shipPhone:String shippingItem:Select shipState:String shipZip:String stage:EnumSelect \
    startDate:Date state:String subscription:Select subscriptionDate:Date \
    subscriptionStatus:Boolean subsidiary:Select taxable:Boolean taxItem:Select terms:Select \
    territory:Select title:String unbilledOrders:Double url:String vatRegNumber:String \
    webLead:Boolean zipCode:String customFieldList:CustomList";

pub(super) const CONTACT_ROW: &str = "\
    address:String address1:String address2:String address3:String addressee:String \
    addressInternalId:String addressLabel:String addressPhone:String altEmail:String \
    altName:String altPhone:String attention:String availableOffline:Boolean \
    billAddress1:String billAddress2:String billAddress3:String billAddressee:String \
    billAttention:String billCity:String billCountry:EnumSelect billCountryCode:String \
    billPhone:String billState:String billZipCode:String category:Select city:String \
    comments:String company:Select contactRole:Select contactSource:String \
    country:EnumSelect countryCode:String dateCreated:Date email:String entityId:String \
    entityNumber:Long externalId:Select fax:String firstName:String giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect hasDuplicates:Boolean homePhone:String image:Select \
    internalId:Select isDefaultBilling:Boolean isDefaultShipping:Boolean isInactive:Boolean \
    language:EnumSelect lastModifiedDate:Date lastName:String level:EnumSelect \
    middleName:String mobilePhone:String owner:Select permission:EnumSelect phone:String \
    phoneticName:String salutation:String shipAddress1:String shipAddress2:String \
    shipAddress3:String shipAddressee:String shipAttention:String shipCity:String \
    shipCountry:EnumSelect shipCountryCode:String shipPhone:String shipState:String \
    shipZip:String state:String subscription:Select subscriptionDate:Date \
    subscriptionStatus:Boolean subsidiary:Select title:String zipCode:String \
    customFieldList:CustomList";

pub(super) const VENDOR_ROW: &str = "\
    accountNumber:String address:String address1:String address2:String address3:String \
    addressee:String addressInternalId:String addressLabel:String addressPhone:String \
    altContact:String altEmail:String altName:String altPhone:String attention:String \
    balance:Double billAddress:String billAddress1:String billAddress2:String \
    billAddress3:String billAddressee:String billAttention:String billCity:String \
    billCountry:EnumSelect billCountryCode:String billPhone:String billState:String \
    billZipCode:String category:Select city:String comments:String companyName:String \
    contact:String country:EnumSelect countryCode:String creditLimit:Double currency:Select \
    currentExchangeRate:Double dateCreated:Date eligibleForCommission:Boolean email:String \
    emailPreference:EnumSelect emailTransactions:Boolean entityId:String entityNumber:Long \
    expenseAccount:Select externalId:Select fax:String faxTransactions:Boolean \
    firstName:String fxBalance:Double fxUnbilledOrders:Double giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect hasDuplicates:Boolean homePhone:String image:Select \
    incoterm:Select internalId:Select is1099Eligible:Boolean isDefaultBilling:Boolean \
    isDefaultShipping:Boolean isInactive:Boolean isJobResourceVend:Boolean isPerson:Boolean \
    laborCost:Double language:EnumSelect lastModifiedDate:Date lastName:String \
    level:EnumSelect middleName:String mobilePhone:String payablesAccount:Select pec:String \
    permission:EnumSelect phone:String phoneticName:String printOnCheckAs:String \
    printTransactions:Boolean purchaseOrderAmount:Double purchaseOrderQuantity:Double \
    purchaseOrderQuantityDiff:Double receiptAmount:Double receiptQuantity:Double \
    receiptQuantityDiff:Double salutation:String shipAddress:String shipAddress1:String \
    shipAddress2:String shipAddress3:String shipAddressee:String shipAttention:String \
    shipCity:String shipCountry:EnumSelect shipCountryCode:String shipPhone:String \
    shipState:String shipZip:String state:String subscription:Select subscriptionDate:Date \
    subscriptionStatus:Boolean subsidiary:Select taxIdNum:String terms:Select title:String \
    unbilledOrders:Double url:String vatRegNumber:String workCalendar:Select zipCode:String \
    customFieldList:CustomList";

pub(super) const EMPLOYEE_ROW: &str = "\
    accountNumber:String address:String address1:String address2:String address3:String \
    addressee:String addressInternalId:String addressLabel:String addressPhone:String \
    alienNumber:String altEmail:String altName:String altPhone:String approvalLimit:Double \
    approver:Select attention:String authWorkDate:Date billAddress:String \
    billAddress1:String billAddress2:String billAddress3:String billAddressee:String \
    billAttention:String billCity:String billCountry:EnumSelect billCountryCode:String \
    billingClass:Select billPhone:String billState:String billZipCode:String birthDate:Date \
    birthDay:Date city:String class:Select comments:String concurrentWebServicesUser:Boolean \
    country:EnumSelect countryCode:String dateCreated:Date department:Select \
    eligibleForCommission:Boolean email:String employeeStatus:Select employeeType:Select \
    entityId:String entityNumber:Long ethnicity:Select expenseLimit:Double externalId:Select \
    fax:String firstName:String gender:EnumSelect giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect hireDate:Date homePhone:String i9Verified:Boolean \
    image:Select internalId:Select isDefaultBilling:Boolean isDefaultShipping:Boolean \
    isInactive:Boolean isJobResource:Boolean isSalesRep:Boolean isSupportRep:Boolean \
    isTemplate:Boolean laborCost:Double language:EnumSelect lastModifiedDate:Date \
    lastName:String lastPaidDate:Date lastReviewDate:Date level:EnumSelect location:Select \
    maritalStatus:Select middleName:String mobilePhone:String nextReviewDate:Date \
    offlineAccess:Boolean payFrequency:EnumSelect permChangeDate:Date permChangeLevel:String \
    permission:EnumSelect permissionChange:EnumSelect phone:String phoneticName:String \
    primaryEarningAmount:Double primaryEarningItem:String primaryEarningType:String \
    purchaseOrderApprovalLimit:Double purchaseOrderApprover:Select purchaseOrderLimit:Double \
    releaseDate:Date residentStatus:Select role:Select roleChange:String \
    roleChangeAction:String roleChangeDate:Date salesRole:Select salutation:String \
    shipAddress1:String shipAddress2:String shipAddress3:String shipAddressee:String \
    shipAttention:String shipCity:String shipCountry:EnumSelect shipCountryCode:String \
    shipPhone:String shipState:String shipZip:String socialSecurityNumber:String \
    state:EnumSelect subscription:Select subscriptionDate:Date subscriptionStatus:Boolean \
    subsidiary:Select supervisor:Select timeApprover:Select title:String usePerquest:Boolean \
    useTimeData:Boolean visaExpDate:Date visaType:Select workCalendar:String \
    workplace:Select zipCode:String customFieldList:CustomList";

pub(super) const ITEM_ROW: &str = "\
    accountingBook:Select accountingBookAmortization:Select \
    accountingBookRevRecSchedule:Select allowedShippingMethod:Select \
    alternateDemandSourceItem:String assetAccount:Select atpLeadTime:Double \
    atpMethod:EnumSelect autoLeadTime:Boolean autoPreferredStockLevel:Boolean \
    autoReorderPoint:Boolean availableToPartners:Boolean averageCost:Double \
    backwardConsumptionDays:Long basePrice:Double billExchRateVarianceAcct:Select \
    billPriceVarianceAcct:Select billQtyVarianceAcct:Select binNumber:String \
    binOnHandAvail:Double binOnHandCount:Double bomQuantity:Double \
    buildEntireAssembly:Boolean buildTime:Double buyItNowPrice:Double category:String \
    categoryPreferred:String class:Select componentYield:Double copyDescription:Boolean \
    correlatedItem:Select correlatedItemCorrelation:Double correlatedItemCount:Long \
    correlatedItemLift:Double correlatedItemPurchaseRate:Double cost:Double \
    costAccountingStatus:EnumSelect costCategory:String costEstimate:Double \
    costEstimateType:EnumSelect costingMethod:EnumSelect countryOfManufacture:EnumSelect \
    created:Date createJob:Boolean custReturnVarianceAccount:Select dateViewed:Date \
    daysBeforeExpiration:String defaultReturnCost:Double defaultShippingMethod:String \
    deferredExpenseAccount:Select deferredRevenueAccount:Select deferRevRec:Boolean \
    demandModifier:Double demandSource:EnumSelect demandTimeFence:Long department:Select \
    departmentnohierarchy:Select displayIneBayStore:Boolean displayName:String \
    distributionCategory:Select distributionNetwork:Select dontShowPrice:Boolean \
    eBayItemDescription:String eBayItemSubtitle:String eBayItemTitle:String \
    ebayRelistingOption:EnumSelect effectiveBomControl:EnumSelect effectiveDate:Date \
    effectiveRevision:Select endAuctionsWhenOutOfStock:Boolean excludeFromSitemap:Boolean \
    expenseAccount:Select externalId:Select featuredDescription:String \
    feedDescription:String feedName:String fixedLotSize:Double forwardConsumptionDays:Long \
    fraudRisk:EnumSelect froogleProductFeed:Boolean fxCost:Double gainLossAccount:Select \
    generateAccruals:Boolean giftCertAuthCode:String giftCertEmail:String \
    giftCertExpirationDate:String giftCertFrom:String giftCertMessage:String \
    giftCertOriginalAmount:String giftCertRecipient:String hits:Long imageUrl:String \
    includeChildren:Boolean incomeAccount:Select intercoExpenseAccount:Select \
    intercoIncomeAccount:Select internalId:Select inventoryLocation:Select \
    invtClassification:EnumSelect invtCountInterval:Long isAvailable:Boolean \
    isDropShipItem:Boolean isFulfillable:Boolean isGcoCompliant:Boolean isInactive:Boolean \
    isLotItem:Boolean isOnline:Boolean isSerialItem:Boolean isSpecialOrderItem:Boolean \
    isSpecialWorkOrderItem:Boolean issueProduct:Select isTaxable:Boolean \
    isVsoeBundle:Boolean isWip:Boolean itemId:String itemRevenueCategory:Select \
    itemUrl:String lastInvtCountDate:Date lastPurchasePrice:Double \
    lastQuantityAvailableChange:Date leadTime:Long liabilityAccount:Select \
    listingDuration:EnumSelect location:Select locationAtpLeadTime:Double \
    locationAverageCost:Double locationBinQuantityAvailable:String locationBuildTime:Double \
    locationCost:Double locationCostAccountingStatus:EnumSelect \
    locationDefaultReturnCost:Double locationDemandSource:EnumSelect \
    locationDemandTimeFence:Long locationFixedLotSize:Double \
    locationInventoryCostTemplate:String locationInvtClassification:EnumSelect \
    locationInvtCountInterval:Long locationLastInvtCountDate:Date locationLeadTime:Long \
    locationNextInvtCountDate:Date locationPeriodicLotSizeDays:Long \
    locationPeriodicLotSizeType:EnumSelect locationPreferredStockLevel:Double \
    locationQuantityAvailable:Double locationQuantityBackOrdered:Double \
    locationQuantityCommitted:Double locationQuantityInTransit:Double \
    locationQuantityOnHand:Double locationQuantityOnOrder:Double locationReOrderPoint:Double \
    locationRescheduleInDays:Long locationRescheduleOutDays:Long \
    locationSafetyStockLevel:Double locationSupplyLotSizingMethod:EnumSelect \
    locationSupplyTimeFence:Long locationSupplyType:EnumSelect locationTotalValue:Double \
    locBackwardConsumptionDays:Long locForwardConsumptionDays:Long manufacturer:String \
    manufacturerAddr1:String manufacturerCity:String manufacturerState:String \
    manufacturerTariff:String manufacturerTaxId:String manufacturerZip:String \
    manufacturingChargeItem:Boolean matchBillToReceipt:Boolean memberItem:Select \
    memberQuantity:Double metaTagHtml:String minimumQuantity:String modified:Date \
    mossApplies:Boolean mpn:String multManufactureAddr:Boolean nextagCategory:String \
    nextagProductFeed:Boolean nextInvtCountDate:Date noPriceMessage:String \
    numActiveListings:Long numberAllowedDownloads:String numCurrentlyListed:Long \
    obsoleteDate:Date obsoleteRevision:Select offerSupport:Boolean \
    onlineCustomerPrice:Double onlinePrice:Double onSpecial:Boolean otherPrices:Double \
    otherVendor:Select outOfStockBehavior:String outOfStockMessage:String \
    overallQuantityPricingType:EnumSelect overheadType:EnumSelect pageTitle:String \
    parent:Select periodicLotSizeDays:Long periodicLotSizeType:EnumSelect \
    preferenceCriterion:String preferredBin:Boolean preferredLocation:Select \
    preferredStockLevel:Double preferredStockLevelDays:Long pricesIncludeTax:Boolean \
    pricingGroup:Select primaryCategory:String prodPriceVarianceAcct:Select \
    prodQtyVarianceAcct:Select purchaseDescription:String purchaseOrderAmount:Double \
    purchaseOrderQuantity:Double purchaseOrderQuantityDiff:Double \
    purchasePriceVarianceAcct:Select purchaseUnit:Select quantityAvailable:Double \
    quantityBackOrdered:Double quantityCommitted:Double quantityOnHand:Double \
    quantityOnOrder:Double quantityPricingSchedule:Select receiptAmount:Double \
    receiptQuantity:Double receiptQuantityDiff:Double reorderMultiple:Long \
    reOrderPoint:Double rescheduleInDays:Long rescheduleOutDays:Long reservePrice:Double \
    revenueAllocationGroup:Select revenueRecognitionRule:Select revRecSchedule:Select \
    roundUpAsComponent:Boolean safetyStockLevel:Double safetyStockLevelDays:Long \
    salesDescription:String salesTaxCode:Select saleUnit:Select \
    sameAsPrimaryBookAmortization:Boolean sameAsPrimaryBookRevRec:Boolean \
    scheduleBCode:EnumSelect scheduleBNumber:String scheduleBQuantity:String \
    scrapAcct:Select searchKeywords:String seasonalDemand:Boolean sellOnEBay:Boolean \
    serialNumber:String serialNumberLocation:String shipIndividually:Boolean \
    shipPackage:Select shippingCarrier:EnumSelect shippingRate:Double \
    shoppingDotComCategory:String shoppingProductFeed:Boolean shopzillaCategoryId:Long \
    shopzillaProductFeed:Boolean sitemapPriority:EnumSelect softDescriptor:Select \
    startingPrice:Double stockDescription:String stockUnit:Select storeDescription:String \
    storeDetailedDescription:String storeDisplayImage:Select storeDisplayName:String \
    storeDisplayThumbnail:Select subsidiary:Select subType:EnumSelect \
    supplyLotSizingMethod:EnumSelect supplyReplenishmentMethod:EnumSelect \
    supplyTimeFence:Long supplyType:EnumSelect taxSchedule:Select thumbNailUrl:String \
    totalValue:Double trackLandedCost:Boolean transferPrice:Double type:EnumSelect \
    unbuildVarianceAccount:Select unitsType:Select upcCode:String urlComponent:String \
    useBins:Boolean useComponentYield:Boolean useMarginalRates:Boolean vendor:Select \
    vendorCode:String vendorCost:Double vendorCostEntered:Double vendorName:String \
    vendorPriceCurrency:String vendorSchedule:Select vendReturnVarianceAccount:Select \
    vsoeDeferral:EnumSelect vsoeDelivered:Boolean vsoePermitDiscount:EnumSelect \
    vsoePrice:Double webSite:Select weight:Double weightUnit:EnumSelect wipAcct:Select \
    wipVarianceAcct:Select yahooProductFeed:Boolean customFieldList:CustomList";

pub(super) const TRANSACTION_ROW: &str = "\
    abbrev:String account:Select actualShipDate:Date altSalesAmount:Double \
    altSalesNetAmount:Double amount:Double amountPaid:Double amountRemaining:Double \
    amountUnbilled:Double appliedToForeignAmount:Double appliedToIsFxVariance:Boolean \
    appliedToLinkAmount:Double appliedToLinkType:String appliedToTransaction:Select \
    applyingForeignAmount:Double applyingIsFxVariance:Boolean applyingLinkAmount:Double \
    applyingLinkType:String applyingTransaction:Select approvalStatus:EnumSelect \
    authCode:String autoCalculateLag:Boolean avsStreetMatch:EnumSelect \
    avsZipMatch:EnumSelect billable:Boolean billAddress:String billAddress1:String \
    billAddress2:String billAddress3:String billAddressee:String billAttention:String \
    billCity:String billCountry:EnumSelect billCountryCode:String billedDate:Date \
    billingAccount:Select billingAmount:Double billingSchedule:Select \
    billingTransaction:Select billPhone:String billState:String \
    billVarianceStatus:EnumSelect billZip:String binNumber:String binNumberQuantity:Double \
    bomQuantity:Double buildEntireAssembly:Boolean buildVariance:Double built:Double \
    catchUpPeriod:String ccCustomerCode:String ccExpDate:Date ccHolderName:String \
    ccNumber:String ccStreet:String ccZipCode:String class:Select cleared:Boolean \
    closed:Boolean closeDate:Date cogsAmount:Double commissionEffectiveDate:Date \
    commit:EnumSelect componentYield:Double confirmationNumber:String contribution:Double \
    contributionPrimary:Double costComponentAmount:Double costComponentCategory:String \
    costComponentItem:String costComponentQuantity:Double costComponentStandardCost:Double \
    costEstimate:Double costEstimateRate:Double costEstimateType:EnumSelect createdBy:Select \
    createdFrom:Select creditAmount:Double cscMatch:EnumSelect currency:Select \
    customForm:Select customGL:Boolean custType:Select dateCreated:Date daysOpen:Long \
    daysOverdue:Long debitAmount:Double deferredRevenue:Double deferRevRec:Boolean \
    department:Select depositDate:Date depositTransaction:Select discountAmount:Double \
    docUnit:String drAccount:String dueDate:Date effectiveRate:Double email:String \
    endDate:Date entity:Select entityStatus:Select estGrossProfit:Double \
    estGrossProfitPct:Double estGrossProfitPercent:Double exchangeRate:Double \
    excludeCommission:Boolean excludeFromRateRequest:Boolean expectedCloseDate:Date \
    expectedReceiptDate:Date expenseCategory:Select expenseDate:Date externalId:Select \
    firmed:Boolean forecastType:EnumSelect fulfillingTransaction:Select fxAccount:String \
    fxAmount:Double fxCostEstimate:Double fxCostEstimateRate:Double fxEstGrossProfit:Double \
    fxTranCostEstimate:Double fxVsoeAllocation:Double fxVsoeAmount:Double fxVsoePrice:Double \
    gcoAvailabelToCharge:Boolean gcoAvailableToRefund:Boolean gcoAvsStreetMatch:EnumSelect \
    gcoAvsZipMatch:EnumSelect gcoBuyerAccountAge:Long gcoBuyerIp:String \
    gcoChargeAmount:Double gcoChargebackAmount:Double gcoConfirmedChargedTotal:Double \
    gcoConfirmedRefundedTotal:Double gcoCreditcardNumber:String gcoCscMatch:EnumSelect \
    gcoFinancialState:String gcoFulfillmentState:String gcoOrderId:String \
    gcoOrderTotal:Double gcoPromotionAmount:Double gcoPromotionName:String \
    gcoRefundAmount:Double gcoShippingTotal:Double gcoStateChangedDetail:String \
    giftCert:String grossAmount:Double includeInForecast:Boolean intercoStatus:EnumSelect \
    intercoTransaction:String internalId:Select inVsoeBundle:Boolean isAllocation:Boolean \
    isBackflush:Boolean isGcoChargeback:Boolean isGcoChargeConfirmed:Boolean \
    isGcoPaymentGuaranteed:Boolean isGcoRefundConfirmed:Boolean \
    isIntercompanyAdjustment:Boolean isMultiShipTo:Boolean isReversal:Boolean \
    isRevRecTransaction:Boolean isScrap:Boolean isShipAddress:Boolean \
    isTransferPriceCosting:Boolean isWip:Boolean item:Select \
    itemFulfillmentChoice:EnumSelect itemRevision:Select landedCostPerLine:Boolean \
    lastModifiedDate:Date leadSource:Select line:Long lineSequenceNumber:Long \
    location:Select locationAutoAssigned:Boolean mainLine:Boolean mainName:String \
    manufacturingRouting:Select matchBillToReceipt:Boolean memo:String memoMain:String \
    memorized:Boolean merchantAccount:Select message:String multiSubsidiary:Boolean \
    netAmount:Double netAmountNoTax:Double nextApprover:Select nextBillDate:Date \
    noAutoAssignLocation:Boolean nonReimbursable:Boolean oneTimeTotal:Double \
    opportunity:Select options:String orderPriority:Double originator:EnumSelect \
    otherRefNum:TextNumber overheadParentItem:Select packageCount:Long paidAmount:Double \
    paidTransaction:Select partner:Select partnerContribution:Double partnerRole:Select \
    partnerTeamMember:Select payingAmount:Double payingTransaction:Select \
    paymentApproved:Boolean paymentEventDate:Date paymentEventHoldReason:EnumSelect \
    paymentEventPurchaseCardUsed:Boolean paymentEventPurchaseDataSent:Boolean \
    paymentEventResult:EnumSelect paymentEventType:EnumSelect paymentHold:Boolean \
    paymentMethod:Select payPalPending:Boolean payPalStatus:String payPalTranId:String \
    payrollBatch:String pnRefNum:String poRate:Double posting:Boolean postingPeriod:Select \
    priceLevel:Select print:String probability:Double projectedAmount:Double \
    projectTask:Select promoCode:Select purchaseOrder:Select quantity:Double \
    quantityBilled:Double quantityCommitted:Double quantityPacked:Double \
    quantityPicked:Double quantityRevCommitted:Double quantityShipRecv:Double \
    quantityUom:Double rate:Double realizedGainPostingTransaction:String \
    recognizedRevenue:Double recordType:String recurAnnuallyTotal:Double \
    recurMonthlyTotal:Double recurQuarterlyTotal:Double recurringBill:Boolean \
    recurWeeklyTotal:Double refNumber:Long revCommitStatus:EnumSelect \
    revCommittingTransaction:Select revenueStatus:EnumSelect reversalDate:Date \
    reversalNumber:String revRecEndDate:Date revRecOnRevCommitment:Boolean \
    revRecStartDate:Date rgAccount:Select rgAmount:Double salesEffectiveDate:Date \
    salesOrder:Select salesRep:Select salesTeamMember:Select salesTeamRole:Select \
    schedulingMethod:EnumSelect serialNumber:String serialNumberCost:Double \
    serialNumberCostAdjustment:Double serialNumberQuantity:Double serialNumbers:String \
    shipAddress:String shipAddress1:String shipAddress2:String shipAddress3:String \
    shipAddressee:String shipAttention:String shipCarrier:EnumSelect shipCity:String \
    shipComplete:Boolean shipCountry:EnumSelect shipCountryCode:String shipDate:Date \
    shipGroup:Long shipMethod:Select shipPhone:String shippingAmount:Double \
    shipRecvStatusLine:Boolean shipState:String shipTo:Select shipZip:String \
    signedAmount:Double source:String startDate:Date status:EnumSelect \
    subscriptionLine:Select subsidiary:Select taxAmount:Double taxCode:Select \
    taxLine:Boolean taxPeriod:Select taxTotal:Double termInMonths:Long terms:Select \
    termsOfSale:String title:String toBeEmailed:Boolean toBePrinted:Boolean \
    toSubsidiary:Select total:Double totalCostEstimate:Double trackingNumbers:String \
    tranDate:Date tranEstGrossProfit:Double tranFxEstGrossProfit:Double tranId:String \
    tranIsVsoeBundle:Boolean transactionDiscount:Boolean transactionLineType:EnumSelect \
    transactionNumber:String transferLocation:Select transferOrderItemLine:String \
    transferOrderQuantityCommitted:Double transferOrderQuantityPacked:Double \
    transferOrderQuantityPicked:Double transferOrderQuantityReceived:Double \
    transferOrderQuantityShipped:Double type:EnumSelect unit:String unitCostOverride:Double \
    vendType:Select visibleToCustomer:Boolean vsoeAllocation:Double vsoeAmount:Double \
    vsoeDeferral:EnumSelect vsoeDelivered:Boolean vsoePermitDiscount:EnumSelect \
    vsoePrice:Double webSite:String customFieldList:CustomList";

pub(super) const CUSTOMRECORD_ROW: &str = "\
    recType:RecordRef altName:String availableOffline:Boolean created:Date externalId:Select \
    id:Long internalId:Select isInactive:Boolean lastModified:Date lastModifiedBy:Select \
    name:String owner:Select parent:Select customFieldList:CustomList";
